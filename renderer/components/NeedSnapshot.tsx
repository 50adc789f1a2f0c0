// What a view shows when no snapshot is open.
import { useSlice, useStores } from '../app/context';
import { dataOf } from '../state/resource';
import { PageHeader } from './Controls';
import { Icon } from './Icon';
import { Empty, ErrorState, Loading } from './Status';

export function NeedSnapshot({ title }: { title: string }) {
  const { snapshots, ui, wizard } = useStores();
  const list = useSlice(snapshots, (s) => s.list);
  const data = dataOf(list);
  return (
    <div className="page">
      <PageHeader title={title} />
      {list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={() => void snapshots.getState().load()} />
      ) : !data ? (
        <Loading label="Loading snapshots…" />
      ) : (
        <Empty
          icon="layers"
          title="No snapshot is open"
          actions={
            <>
              <button type="button" className="btn btn-primary" onClick={() => ui.getState().setView('snapshots')}>
                {data.length === 0 ? 'Open a sample dataset' : 'Choose a snapshot'}
              </button>
              <button type="button" className="btn" onClick={() => wizard.getState().start()}>
                <Icon name="upload" /> Import CSV…
              </button>
            </>
          }
        >
          Import an export, or open one of the bundled samples, to see who can do what.
        </Empty>
      )}
    </div>
  );
}
