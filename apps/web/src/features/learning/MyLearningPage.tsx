/** Placeholder: replaced by the feature's real page. */
export function MyLearningPage() {
  return <h1>MyLearningPage</h1>;
}
