/**
 * Which of the product's rules a message comes from, for whoever needs to look it up: a small mark whose
 * tooltip names the rule, so staff read plain words and never an internal code in the sentence itself.
 */
export function RuleHelp({ id }: { id: string }) {
  return (
    <span className="rule-help" title={`Rule ${id}`} aria-label={`Rule ${id}`} role="img">
      i
    </span>
  );
}
