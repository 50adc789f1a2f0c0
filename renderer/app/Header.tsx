// The bar above every view: the current scope as a breadcrumb, with "All tenants" to reset it.
import { Icon } from '../components/Icon';
import { pathCrumbs } from '../lib/format';
import { useSlice, useStores } from './context';

export function Header() {
  const { scope } = useStores();
  const path = useSlice(scope, (s) => s.path);
  const crumbs = path ? pathCrumbs(path) : [];
  const setScope = scope.getState().setScope;
  return (
    <header className="topbar">
      <nav className="breadcrumb" aria-label="Scope">
        <span className="breadcrumb-label">Scope</span>
        <ol>
          <li className="crumb-root">
            {crumbs.length === 0 ? (
              <span className="crumb current" aria-current="location">
                All tenants
              </span>
            ) : (
              <button type="button" className="crumb" onClick={() => setScope(null)} title="Show every tenant">
                All tenants
              </button>
            )}
          </li>
          {crumbs.map((crumb, i) => (
            <li key={crumb.path} className={i === crumbs.length - 1 ? 'crumb-last' : undefined}>
              <Icon name="chevronRight" size={14} className="crumb-sep" />
              {i === crumbs.length - 1 ? (
                <span className="crumb current" aria-current="location" title={crumb.path}>
                  {crumb.name}
                </span>
              ) : (
                <button type="button" className="crumb" onClick={() => setScope(crumb.path)} title={crumb.path}>
                  {crumb.name}
                </button>
              )}
            </li>
          ))}
        </ol>
        {crumbs.length > 0 && (
          <button type="button" className="btn btn-ghost btn-small scope-reset" onClick={() => setScope(null)}>
            <Icon name="x" size={14} /> Reset scope
          </button>
        )}
      </nav>
    </header>
  );
}
