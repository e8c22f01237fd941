import { runShare } from './share.js';

await runShare(1);
