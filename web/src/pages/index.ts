// The dashboard's pages, in navigation order; the first is the default (an address naming no page).
import { driversPage } from './drivers.js';
import { heatmapPage } from './heatmap.js';
import { journeyPage } from './journey.js';
import type { Page } from './page.js';
import { alertsPage, interventionsPage, painPointsPage, searchPage } from './reports.js';
import { uploadPage } from './upload.js';

export const PAGES: readonly Page[] = [
  journeyPage,
  heatmapPage,
  painPointsPage,
  driversPage,
  alertsPage,
  interventionsPage,
  searchPage,
  uploadPage,
];
