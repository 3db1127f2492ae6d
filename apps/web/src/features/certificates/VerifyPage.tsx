/** Placeholder: replaced by the feature's real page. */
export function VerifyPage() {
  return <h1>VerifyPage</h1>;
}
