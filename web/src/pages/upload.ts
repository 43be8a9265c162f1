// The upload page, `#/upload`: a file goes to /v1/uploads and its report (counts, row errors) is shown.
import { setupUpload } from '../upload.js';
import type { Page } from './page.js';

export const uploadPage: Page = {
  path: 'upload',
  title: 'Upload',
  mount(_root, ctx) {
    setupUpload(() => ctx.say('The file is in: the other pages show it now.'));
    return { update() {} };
  },
};
