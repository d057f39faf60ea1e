// Badges for the Key Result linter's flags (assessment/linter.py), shared by
// the import verdict and the scorecard.

const FLAGS = {
  activity: { label: "activity", title: "Names work to do, not the result it should change" },
  vague: { label: "vague", title: "Has no number or finish line, so nobody can tell whether it was met" },
  no_baseline: { label: "no baseline", title: "Sets a target without today's value" },
  dependency: { label: "dependency", title: "Rests on another team or party" },
  bau: { label: "business as usual", title: "Keeps a level the team already holds" },
  sandbagged: { label: "sandbagged", title: "Sets a target the current trend already reaches" },
};

function badge(className, text, title) {
  const node = document.createElement("span");
  node.className = className;
  node.textContent = text;
  if (title) {
    node.title = title;
  }
  return node;
}

export function flagLabel(name) {
  return FLAGS[name] ? FLAGS[name].label : String(name).replace(/_/g, " ");
}

export function flagBadge(name) {
  const known = FLAGS[name];
  const node = badge("badge badge-flag", flagLabel(name), known ? known.title : "");
  node.dataset.flag = name;
  return node;
}

export function outcomeBadge() {
  const node = badge("badge badge-outcome", "outcome", "Measures a result, with a number to reach");
  node.dataset.flag = "outcome";
  return node;
}

// A list of flag badges, or the "outcome" badge when there is no flag.
export function verdictBadges(flags) {
  const names = flags || [];
  return names.length ? names.map(flagBadge) : [outcomeBadge()];
}
