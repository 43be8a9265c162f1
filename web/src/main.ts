// The painmap dashboard: pages (journey map, drivers, heatmap, upload) behind one router, each keeping its
// whole state in the URL fragment. Plain TypeScript + ECharts, bundled by esbuild.
import './styles.css';
import './journey.css';
import './drivers.css';
import { forgetLegacyToken, savedToken, saveToken, takeTokenFromUrl } from './api.js';
import { startApp } from './app.js';
import { byId } from './dom.js';
import { PAGES } from './pages/index.js';

forgetLegacyToken();
takeTokenFromUrl();
window.painmap = {};
const app = startApp(PAGES);
const field = byId<HTMLInputElement>('token');
field.value = savedToken();
byId('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  saveToken(field.value.trim());
  app.refresh();
});
