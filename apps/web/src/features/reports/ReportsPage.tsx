/** Placeholder: replaced by the reports pages. */
export function ReportsPage() {
  return <h1>ReportsPage</h1>;
}
