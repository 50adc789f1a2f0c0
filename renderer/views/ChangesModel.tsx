// Changes between two versions of the open snapshot's role model (as `permaudit diff-model PLATFORM
// --from --to` prints them): the roles added, removed, renamed and changed with the permissions
// each gains and loses, the catalog's changes, the summary, and whom it affects in the snapshot,
// under the same filters, list and matrix as two snapshots' changes. A snapshot read with the
// user's model file can compare that file with a built-in version, and either side can be a model
// file the user picks (as the import wizard does), compared once read and only when it models the
// snapshot's platform. The models store asks the back end once per pair, as Roles' "Compare with" does.
import { useCallback, useEffect, useId, useMemo, type ReactNode } from 'react';
import type { ModelDiffAnswer, PlatformSummary, SnapshotInfo } from '../../shared/api';
import { modelDiffCsv, modelDiffJson } from '../../shared/engine/diff-export';
import type { PersonAccessChange } from '../../shared/engine/snapshot-diff';
import { exportFileName } from '../../shared/provenance';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter } from '../app/hooks';
import { Badge, ExportButtons } from '../components/Controls';
import { Icon } from '../components/Icon';
import { ModelChanges } from '../components/ModelChanges';
import { ModelFileField, ModelFileSummary } from '../components/ModelFile';
import { Empty, ErrorState, Loading } from '../components/Status';
import { fmtDate, plural } from '../lib/format';
import { diffFilters, fitsPlatform, MODEL_FILE, modelPair, shownAccess, type ModelEnd } from '../state/changes';
import { modelDiffKey, OWN_MODEL_FILE, sameSide, type VersionOrFile } from '../state/models';
import { dataOf } from '../state/resource';
import { platformOf } from '../state/snapshots';
import { ChangesAccess, ChangesFilters, ChangesHeader } from './ChangesAccess';

const versionText = (v: PlatformSummary['versions'][number], first: boolean) =>
  `${v.id} · ${v.effectiveFrom ? `from ${fmtDate(v.effectiveFrom)}` : first ? 'the first version' : 'no start date'}`;

export function ModelCompare({ snapshot }: { snapshot: SnapshotInfo }) {
  const stores = useStores();
  const { changes, models, snapshots } = stores;
  const platform = useSlice(snapshots, (s) => platformOf(s, snapshot.platform));
  const platformsRead = useSlice(snapshots, (s) => s.platforms.status === 'ready');
  const modelFrom = useSlice(changes, (s) => s.modelFrom);
  const modelTo = useSlice(changes, (s) => s.modelTo);
  const modelFiles = useSlice(changes, (s) => s.modelFiles);
  const pair = platform ? modelPair(platform, snapshot, { modelFrom, modelTo, modelFiles }) : null;
  // A model file is compared once read, and only when it models the snapshot's platform.
  const ready = !!platform && !!pair && ENDS.every((end) => typeof pair[end] === 'string' || fitsPlatform(modelFiles[end], platform.id));
  const from = ready ? pair?.from : undefined;
  const to = ready ? pair?.to : undefined;
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
      {!platform && platformsRead ? (
        <Empty icon="layers" title={`${snapshot.model.name} is not a built-in platform`}>
          This snapshot was read with your own model file, so there are no built-in versions to compare it with. Compare two versions of
          your model file with <code>permaudit diff-model</code> (docs/cli.md), or compare two snapshots here.
        </Empty>
      ) : !platform || !pair ? (
        <Loading label="Loading the platform's model versions…" />
      ) : (
        <>
          <VersionPickers platform={platform} snapshot={snapshot} pair={pair} />
          {!ready ? null : sameSide(pair.from, pair.to) ? (
            platform.versions.length < 2 ? (
              <Empty icon="layers" title={`One version of the ${platform.name} model`}>
                The built-in {platform.name} model has only one version: choose a model file of your own on one side to compare it with.
              </Empty>
            ) : (
              <Empty icon="layers" title="The same version twice">
                From and To are both version {String(pair.from)}: choose another version on one side to see what changed.
              </Empty>
            )
          ) : !resource || resource.status === 'loading' || resource.status === 'idle' ? (
            <Loading label="Comparing the models…" />
          ) : resource.status === 'error' ? (
            <ErrorState error={resource.error} onRetry={ask} />
          ) : (
            <ModelDiffShown answer={resource.data} snapshot={snapshot} from={pair.from} to={pair.to} />
          )}
        </>
      )}
    </div>
  );
}

const ENDS: ModelEnd[] = ['from', 'to'];

/** From and To: a built-in version, a model file the user picks (either side), or the snapshot's own model file (To). */
function VersionPickers({
  platform,
  snapshot,
  pair,
}: {
  platform: PlatformSummary;
  snapshot: SnapshotInfo;
  pair: NonNullable<ReturnType<typeof modelPair>>;
}) {
  const own = snapshot.model.origin === 'user';
  return (
    <section className="card changes-pick changes-pick-model" aria-label="Model versions compared">
      <ModelSidePicker end="from" platform={platform} side={pair.from} forgotten={pair.forgotten.includes('from')} />
      <Icon name="arrowRight" className="changes-arrow" />
      <ModelSidePicker end="to" platform={platform} side={pair.to} forgotten={pair.forgotten.includes('to')}>
        {own && (
          <option value={OWN_MODEL_FILE}>{`This snapshot's model file (${snapshot.model.name}, version ${snapshot.modelVersion})`}</option>
        )}
      </ModelSidePicker>
    </section>
  );
}

function ModelSidePicker({
  end,
  platform,
  side,
  forgotten,
  children,
}: {
  end: ModelEnd;
  platform: PlatformSummary;
  side: VersionOrFile;
  forgotten: boolean;
  children?: ReactNode;
}) {
  const { changes } = useStores();
  const pick = useSlice(changes, (s) => s.modelFiles[end]);
  const id = useId();
  const label = end === 'from' ? 'From' : 'To';
  const choose = (value: string) => {
    // "A model file…" opens the picker unless a file was picked for this side already (then "Choose another" is there).
    if (value === MODEL_FILE && !pick.file) void changes.getState().pickModelFile(end);
    else changes.getState().setView(end === 'from' ? { modelFrom: value } : { modelTo: value });
  };
  const read = dataOf(pick.model);
  return (
    <div className="field changes-side" data-testid={`model-side-${end}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={typeof side === 'string' ? side : MODEL_FILE} onChange={(e) => choose(e.target.value)}>
        {platform.versions.map((v, i) => (
          <option key={v.id} value={v.id}>
            {versionText(v, i === 0)}
          </option>
        ))}
        {children}
        <option value={MODEL_FILE}>A model file…</option>
      </select>
      {forgotten && (
        <p className="field-hint">
          A model file is not kept when the page reloads: {label} is back to a built-in version. Choose the file again.
        </p>
      )}
      {typeof side !== 'string' && (
        <>
          <ModelFileField
            pick={pick}
            onPick={() => void changes.getState().pickModelFile(end)}
            summary={(model) => <ModelFileSummary model={model} />}
          />
          {read && pick.model.status === 'ready' && read.platform.id !== platform.id && (
            <div className="callout callout-danger" role="alert">
              <Icon name="alert" />
              <div>
                <strong>
                  This file models {read.platform.name}, not {platform.name}.
                </strong>
                <p>
                  The people compared are those of a {platform.name} snapshot: choose a {platform.name} model file.
                </p>
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}

/** How a side is named: a built-in version, the snapshot's model file, or a model file the user picked. */
function sideName(side: VersionOrFile, version: string) {
  if (typeof side !== 'string') return `the model file “${side.name ?? side.path}”, version ${version}`;
  return side === OWN_MODEL_FILE ? `this snapshot's model file, version ${version}` : `version ${version}`;
}

function ModelDiffShown({
  answer,
  snapshot,
  from,
  to,
}: {
  answer: ModelDiffAnswer;
  snapshot: SnapshotInfo;
  from: VersionOrFile;
  to: VersionOrFile;
}) {
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
  const fromName = sideName(from, diff.before.version);
  const toName = sideName(to, diff.after.version);
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
          <Icon name="info" /> The people are those of “{snapshot.name}”, each evaluated under{' '}
          {typeof from === 'string' ? `${diff.before.name} ${fromName}` : fromName} and under {toName}.
        </p>
      </section>
      <ModelChanges diff={diff} title={`From ${fromName} to ${toName}`} />
      <ChangesFilters snapshotId={snapshot.id} />
      <ChangesAccess
        shown={shown}
        total={access.length}
        kindOf={() => 'changed'}
        side={(c) => <ModelGrant change={c} before={fromName} after={toName} />}
        title={`Whom it affects in “${snapshot.name}”`}
      />
    </>
  );
}

/** The why's last step under a model change: which side grants it. */
function ModelGrant({ change, before, after }: { change: PersonAccessChange; before: string; after: string }) {
  const gained = change.change === 'gained';
  return (
    <>
      <span className="chain-step">Model</span>
      <span className="chain-text">
        {gained ? `Granted under ${after}, not under ${before}` : `Granted under ${before}, no longer under ${after}`}
      </span>
    </>
  );
}
