// HTTP API calls, with errors phrased for the person at the keyboard.

async function describeFailure(response) {
  let detail = "";
  try {
    const body = await response.json();
    detail = typeof body.detail === "string" ? body.detail : "";
  } catch (error) {
    // The body is not JSON, so the status code alone describes the failure.
  }
  return detail ? `${detail} (HTTP ${response.status})` : `HTTP ${response.status}`;
}

async function request(url, options, action) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw new Error(`Could not reach the Pushback server to ${action}. Check that it is running, then reload the page.`);
  }
  if (!response.ok) {
    throw new Error(`The server could not ${action}: ${await describeFailure(response)}.`);
  }
  return response.json();
}

export function fetchScenarios() {
  return request("/api/scenarios", {}, "list the scenarios");
}

// Returns {session_id, ws_url, scenario, mode}.
export function createSession(scenarioId, mode) {
  return request(
    "/api/sessions",
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenario_id: scenarioId, mode }),
    },
    "start a session",
  );
}
