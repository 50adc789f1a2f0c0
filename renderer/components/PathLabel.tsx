// A tenant path the way people scan it: the node's own name, with the path to it below, muted.
import { pathCrumbs } from '../lib/format';

export function PathLabel({ path, suffix, leafOnly }: { path: string; suffix?: string; leafOnly?: boolean }) {
  const crumbs = pathCrumbs(path);
  const leaf = crumbs.at(-1)?.name ?? path;
  const parent =
    crumbs.length > 1
      ? crumbs
          .slice(0, -1)
          .map((c) => c.name)
          .join(' › ')
      : '';
  return (
    <span className="path-label" title={path}>
      <span className="path-leaf">
        {leaf}
        {suffix && <span className="path-suffix"> {suffix}</span>}
      </span>
      {parent && !leafOnly && <span className="path-parent">{parent}</span>}
    </span>
  );
}
