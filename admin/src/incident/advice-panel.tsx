import { label } from '../../../src/shared/enums.ts';
import { Badge } from '../components/badges.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { Advice } from '../contract.ts';
import { incidents } from '../endpoints.ts';
import { useLoad } from '../hooks.ts';
import { useWorkspace } from './workspace.tsx';

const POSTURES: Record<Advice['posture'], string> = {
  base: 'Base response: inform and instruct',
  diminish: 'Diminish: explain, without playing it down',
  rebuild: 'Rebuild: apologize and repair',
  deny: 'Deny: the evidence clears us',
};

/**
 * The strategy advisor's recommendation for the incident as it stands (SCCT, Kim et al.), with
 * every rule that fired and its citation one click away ("why this recommendation?").
 */
export function AdvicePanel() {
  const { org, incident } = useWorkspace();
  // The advice follows the incident's facts: a new version of them asks again.
  const { data, error, reload } = useLoad(
    () => incidents.advice(org, incident.id),
    [org, incident.id, incident.version],
  );
  return (
    <section className="panel" aria-labelledby="advice-heading">
      <h2 id="advice-heading">Recommended response</h2>
      {error ? <LoadError error={error} retry={reload} /> : null}
      {!data && !error ? <Loading what="Asking the advisor" /> : null}
      {data ? <AdviceBody advice={data} /> : null}
    </section>
  );
}

function AdviceBody({ advice: a }: { advice: Advice }) {
  return (
    <>
      <p>
        <strong>{POSTURES[a.posture]}</strong> <span className="rule-id">{a.postureRule}</span>
      </p>
      <p>
        {a.verbalResponse.text} <span className="rule-id">{a.verbalResponse.rule}</span>
      </p>
      {a.primaryStrategies.length > 0 ? (
        <p className="card-meta">
          <span>Strategies:</span>
          {a.primaryStrategies.map((s) => (
            <Badge key={s} tone="info">
              {label(s)}
            </Badge>
          ))}
        </p>
      ) : null}
      {a.substantiveResponses.length > 0 ? (
        <>
          <h3>What to do, not only say</h3>
          <ul className="advice-list">
            {a.substantiveResponses.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      ) : null}
      {a.warnings.length > 0 ? (
        <>
          <h3>Cautions</h3>
          <ul className="advice-list">
            {a.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
      <details>
        <summary>Why this recommendation?</summary>
        <p className="small">Base response, always given: {a.baseResponse.join(' ')}</p>
        <ul className="fired-rules">
          {a.fired.map((f) => (
            <li key={f.rule}>
              <span className="rule-id">{f.rule}</span> {f.why}
              <div className="muted small">{f.citation}</div>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
