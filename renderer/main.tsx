// The renderer's entry: one client (desktop bridge or HTTP), the stores made for it and kept in step
// with the address (the desktop app, which starts with none, opens its last view again), the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/create-client';
import { App } from './app/App';
import { StoresContext } from './app/context';
import { connectLocation } from './state/location';
import { createStores } from './state/stores';
import './styles/app.css';

const client = createClient(window);
const stores = createStores(client);
connectLocation(stores, window, { remember: client.mode === 'desktop' });
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoresContext.Provider value={stores}>
      <App />
    </StoresContext.Provider>
  </StrictMode>,
);
