import { useId } from 'react';
import { barPct, columnLayout, phoneLabels } from './report-params';

export interface BarItem {
  key: string;
  label: string;
  /** The value the bar's length shows. */
  value: number | null;
  /** The value as text (already formatted), printed beside the label. */
  text: string;
}

/**
 * Horizontal bars in plain HTML/CSS: each label and value are real text (screen readers read the list);
 * the bar itself is decoration.
 */
export function HBarChart({
  title,
  items,
  max,
  testId,
  titleHidden = false,
}: {
  title: string;
  /** The section's own heading already says it: keep the chart's title for screen readers only. */
  titleHidden?: boolean;
  items: BarItem[];
  /** The value of a full bar (100 for percentages). */
  max: number;
  testId?: string;
}) {
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={id} data-testid={testId}>
      <h3 id={id} className={titleHidden ? 'visually-hidden' : undefined}>
        {title}
      </h3>
      <ul className="hbar-list">
        {items.map((item) => (
          <li key={item.key} className="hbar">
            <span className="hbar__label">{item.label}</span>
            <span className="hbar__value">{item.text}</span>
            <span className="hbar__track" aria-hidden="true">
              <span className="hbar__fill" style={{ width: `${barPct(item.value, max)}%` }} />
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export interface ColumnItem {
  key: string;
  /** Short period label ("23 Nov"). */
  label: string;
  value: number;
  /** The value as text. */
  text: string;
}

/**
 * Columns in CSS (one grid cell per period; labels under some of them so they fit at 390 px). The figure is
 * described by a visually hidden table with every period and value.
 */
export function ColumnChart({
  title,
  items,
  periodHeader,
  valueHeader,
  summary,
  testId,
  titleHidden = false,
}: {
  title: string;
  /** The section's own heading already says it: keep the chart's title for screen readers only. */
  titleHidden?: boolean;
  items: ColumnItem[];
  periodHeader: string;
  valueHeader: string;
  /** One sentence for the figure, e.g. "12 completions, most in the week of 3 Nov (5)". */
  summary: string;
  testId?: string;
}) {
  const id = useId();
  const values = items.map((i) => i.value);
  // Up to 8 period labels on wide screens, 4 on phones (the others are hidden by CSS).
  const { columns } = columnLayout(values, 8);
  const narrow = phoneLabels(values.length, 8, 4);
  return (
    <figure className="chart" aria-labelledby={id} data-testid={testId}>
      <h3 id={id} className={titleHidden ? 'visually-hidden' : undefined}>
        {title}
      </h3>
      <p className="small muted">{summary}</p>
      <div
        className="columns-chart"
        style={{ gridTemplateColumns: `repeat(${Math.max(1, items.length)}, minmax(0, 1fr))` }}
        aria-hidden="true"
      >
        {items.map((item, i) => (
          <div key={item.key} className="columns-chart__cell" title={`${item.label}: ${item.text}`}>
            <span className="columns-chart__bar" style={{ height: `${columns[i].heightPct}%` }} />
          </div>
        ))}
        {items.map((item, i) => (
          <span
            key={`l-${item.key}`}
            className={narrow[i] ? 'columns-chart__label' : 'columns-chart__label columns-chart__label--wide'}
          >
            {columns[i].labelled || narrow[i] ? item.label : ''}
          </span>
        ))}
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{periodHeader}</th>
            <th scope="col">{valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.key}>
              <th scope="row">{item.label}</th>
              <td>{item.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
