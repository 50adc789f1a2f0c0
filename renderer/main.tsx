// The renderer's entry: one client (desktop bridge or HTTP), the stores made for it, the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/create-client';
import { App } from './app/App';
import { StoresContext } from './app/context';
import { createStores } from './state/stores';
import { viewFromHash } from './state/ui';
import './styles/app.css';

const stores = createStores(createClient(window), viewFromHash(window.location.hash) ?? 'snapshots');
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoresContext.Provider value={stores}>
      <App />
    </StoresContext.Provider>
  </StrictMode>,
);
