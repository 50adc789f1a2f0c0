// Changes between two versions of the open snapshot's role model (as `permaudit diff-model PLATFORM
// --from --to` prints them): the roles added, removed, renamed and changed with the permissions
// each gains and loses, the catalog's changes, the summary, and whom it affects in the snapshot,
// under the same filters, list and matrix as two snapshots' changes. A snapshot read with the
// user's model file can compare that file with a built-in version. The models store asks the back
// end once per pair, as Roles' "Compare with" does.
import { useCallback, useEffect, useId, useMemo } from 'react';
import type { ModelDiffAnswer, PlatformSummary, SnapshotInfo } from '../../shared/api';
import { modelDiffCsv, modelDiffJson } from '../../shared/engine/diff-export';
import type { PersonAccessChange } from '../../shared/engine/snapshot-diff';
import { exportFileName } from '../../shared/provenance';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter } from '../app/hooks';
import { Badge, ExportButtons } from '../components/Controls';
import { Icon } from '../components/Icon';
import { ModelChanges } from '../components/ModelChanges';
import { Empty, ErrorState, Loading } from '../components/Status';
import { fmtDate, plural } from '../lib/format';
import { diffFilters, modelPair, shownAccess } from '../state/changes';
import { modelDiffKey, OWN_MODEL_FILE } from '../state/models';
import { platformOf } from '../state/snapshots';
import { ChangesAccess, ChangesFilters, ChangesHeader } from './ChangesAccess';

const versionText = (v: PlatformSummary['versions'][number], first: boolean) =>
  `${v.id} · ${v.effectiveFrom ? `from ${fmtDate(v.effectiveFrom)}` : first ? 'the first version' : 'no start date'}`;

export function ModelCompare({ snapshot }: { snapshot: SnapshotInfo }) {
  const stores = useStores();
  const { changes, models, snapshots } = stores;
  const platform = useSlice(snapshots, (s) => platformOf(s, snapshot.platform));
  const modelFrom = useSlice(changes, (s) => s.modelFrom);
  const modelTo = useSlice(changes, (s) => s.modelTo);
  const pair = platform ? modelPair(platform, snapshot, { modelFrom, modelTo }) : null;
  const from = pair?.from;
  const to = pair?.to;
  const key = platform && from && to ? modelDiffKey(platform.id, from, to, snapshot.id) : null;
  const resource = useSlice(models, (s) => (key ? s.diffs[key] : undefined));
  const ask = useCallback(() => {
    if (platform && from && to) void models.getState().ensureDiff(platform, from, to, snapshot.id);
  }, [models, platform, from, to, snapshot.id]);
  useEffect(ask, [ask]);
  const answer = resource?.status === 'ready' ? resource.data : undefined;

  const exportAs = useCallback(
    (format: 'csv' | 'json') => {
      if (!answer) return;
      const filters = diffFilters(changes.getState());
      const now = new Date();
      const subject = `model-changes-${answer.diff.before.version}-to-${answer.diff.after.version}`;
      const name = exportFileName(snapshot, { scope: filters.tenant, subject }, now, format);
      const text = format === 'csv' ? modelDiffCsv(answer, filters) : `${JSON.stringify(modelDiffJson(answer, now, filters), null, 2)}\n`;
      void saveExport(stores, { name, text });
    },
    [answer, changes, snapshot, stores],
  );
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(answer ? exporter : null);

  return (
    <div className="page">
      <ChangesHeader actions={answer && <ExportButtons onExport={exportAs} />} />
      {!platform ? (
        <Loading label="Loading the platform's model versions…" />
      ) : !pair || (platform.versions.length < 2 && snapshot.model.origin !== 'user') ? (
        <Empty icon="layers" title={`One version of the ${platform.name} model`}>
          The built-in {platform.name} model has only one version: there is nothing to compare it with.
        </Empty>
      ) : (
        <>
          <VersionPickers platform={platform} snapshot={snapshot} from={pair.from} to={pair.to} />
          {pair.from === pair.to ? (
            <Empty icon="layers" title="The same version twice">
              From and To are both version {pair.from}: choose another version on one side to see what changed.
            </Empty>
          ) : !resource || resource.status === 'loading' || resource.status === 'idle' ? (
            <Loading label="Comparing the model versions…" />
          ) : resource.status === 'error' ? (
            <ErrorState error={resource.error} onRetry={ask} />
          ) : (
            <ModelDiffShown answer={resource.data} snapshot={snapshot} ownFile={pair.to === OWN_MODEL_FILE} />
          )}
        </>
      )}
    </div>
  );
}

function VersionPickers({ platform, snapshot, from, to }: { platform: PlatformSummary; snapshot: SnapshotInfo; from: string; to: string }) {
  const { changes } = useStores();
  const id = useId();
  const own = snapshot.model.origin === 'user';
  const options = platform.versions.map((v, i) => (
    <option key={v.id} value={v.id}>
      {versionText(v, i === 0)}
    </option>
  ));
  return (
    <section className="card changes-pick" aria-label="Model versions compared">
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <select
          id={`${id}-from`}
          className="select"
          value={from}
          onChange={(e) => changes.getState().setView({ modelFrom: e.target.value })}
        >
          {options}
        </select>
      </div>
      <Icon name="arrowRight" className="changes-arrow" />
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <select id={`${id}-to`} className="select" value={to} onChange={(e) => changes.getState().setView({ modelTo: e.target.value })}>
          {options}
          {own && (
            <option
              value={OWN_MODEL_FILE}
            >{`This snapshot's model file (${snapshot.model.name}, version ${snapshot.modelVersion})`}</option>
          )}
        </select>
      </div>
    </section>
  );
}

function ModelDiffShown({ answer, snapshot, ownFile }: { answer: ModelDiffAnswer; snapshot: SnapshotInfo; ownFile: boolean }) {
  const { changes } = useStores();
  const privileged = useSlice(changes, (s) => s.privileged);
  const direction = useSlice(changes, (s) => s.direction);
  const search = useSlice(changes, (s) => s.search);
  const tenant = useSlice(changes, (s) => s.tenant);
  const { diff, impact } = answer;
  const access = useMemo(() => impact?.access ?? [], [impact]);
  const shown = useMemo(
    () => shownAccess(access, { privileged, direction, search, tenant }),
    [access, privileged, direction, search, tenant],
  );
  const count = (status: string) => diff.roles.filter((r) => r.status === status).length;
  const toName = ownFile ? `this snapshot's model file, version ${diff.after.version}` : `version ${diff.after.version}`;
  return (
    <>
      <section className="card changes-summary" aria-label="Summary">
        <p className="changes-summary-line" data-testid="changes-summary">
          {impact ? `${impact.summary[0].toUpperCase()}${impact.summary.slice(1)}` : diff.summary}
        </p>
        <div className="changes-counts">
          <Badge>{plural(count('changed'), 'role')} changed</Badge>
          <Badge tone={count('added') > 0 ? 'success' : 'neutral'}>{plural(count('added'), 'role')} added</Badge>
          <Badge tone={count('removed') > 0 ? 'danger' : 'neutral'}>{plural(count('removed'), 'role')} removed</Badge>
          {impact && <Badge tone="accent">{plural(impact.people, 'person', 'people')} affected</Badge>}
        </div>
        <p className="changes-note">
          <Icon name="info" /> The people are those of “{snapshot.name}”, each evaluated under {diff.before.name} version{' '}
          {diff.before.version} and under {toName}.
        </p>
      </section>
      <ModelChanges diff={diff} title={`From version ${diff.before.version} to ${toName}`} />
      <ChangesFilters snapshotId={snapshot.id} />
      <ChangesAccess
        shown={shown}
        total={access.length}
        kindOf={() => 'changed'}
        side={(c) => <ModelSide change={c} before={diff.before.version} after={toName} />}
        title={`Whom it affects in “${snapshot.name}”`}
      />
    </>
  );
}

/** The why's last step under a model change: which version grants it. */
function ModelSide({ change, before, after }: { change: PersonAccessChange; before: string; after: string }) {
  const gained = change.change === 'gained';
  return (
    <>
      <span className="chain-step">Model</span>
      <span className="chain-text">
        {gained ? `Granted under ${after}, not under version ${before}` : `Granted under version ${before}, no longer under ${after}`}
      </span>
    </>
  );
}
