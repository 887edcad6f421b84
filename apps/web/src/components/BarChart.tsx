/** A horizontal bar chart that is also a table for screen readers (the numbers are the accessible content). */
export function BarChart({
  label,
  rows,
  format = String,
}: {
  label: string;
  rows: Array<{ name: string; value: number }>;
  format?: (n: number) => string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <table className="ly-bars-table" aria-label={label}>
      <tbody className="ly-bars">
        {rows.map((r) => (
          <tr key={r.name} className="ly-bar">
            <th scope="row">{r.name}</th>
            <td className="ly-bar__track" aria-hidden="true">
              <div className="ly-bar__fill" style={{ width: `${(r.value / max) * 100}%` }} />
            </td>
            <td>{format(r.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
