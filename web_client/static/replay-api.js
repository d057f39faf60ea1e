// HTTP calls of the replay and history pages. The owner key, when the URL
// carries one (?owner_key=...), is kept for the tab and sent with every call.

const OWNER_KEY_STORAGE = "pushback.ownerKey";

export function ownerKey() {
  const fromUrl = new URLSearchParams(window.location.search).get("owner_key");
  if (fromUrl) {
    sessionStorage.setItem(OWNER_KEY_STORAGE, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(OWNER_KEY_STORAGE) || "";
}

// Returns `url` with the owner key as a query parameter, for elements such
// as <audio> and download links that cannot send headers.
export function withOwnerKey(url) {
  const key = ownerKey();
  if (!key || !url) return url;
  const separator = url.includes("?") ? "&" : "?";
  return `${url}${separator}owner_key=${encodeURIComponent(key)}`;
}

async function describeFailure(response) {
  try {
    const body = await response.json();
    if (typeof body.detail === "string") return body.detail;
    if (Array.isArray(body.detail)) return body.detail.map((item) => item.msg).join("; ");
  } catch (error) {
    // Not JSON: the status code alone describes the failure.
  }
  return `HTTP ${response.status}`;
}

export async function request(url, options = {}, action = "load the session") {
  const headers = { ...(options.headers || {}) };
  const key = ownerKey();
  if (key) headers["X-Pushback-Owner-Key"] = key;
  let response;
  try {
    response = await fetch(url, { ...options, headers });
  } catch (error) {
    throw new Error(`Could not reach the Pushback server to ${action}. Check that it is running, then reload the page.`);
  }
  if (!response.ok) {
    const error = new Error(`Could not ${action}: ${await describeFailure(response)}`);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

export function sendJson(url, method, body, action) {
  return request(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }, action);
}

// Returns "m:ss" (or "h:mm:ss") for a time in seconds.
export function formatClock(seconds) {
  const whole = Math.max(0, Math.floor(seconds || 0));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}
