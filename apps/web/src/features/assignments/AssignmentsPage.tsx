/** Placeholder: replaced by the feature's real page. */
export function AssignmentsPage() {
  return <h1>AssignmentsPage</h1>;
}
