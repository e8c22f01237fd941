// Drift check of src/contract/types-v2.generated.ts against openapi/v2.json; see test/helpers/types-drift.ts.
import * as generated from '../../src/contract/types-v2.generated.js';
import { checkTypesDrift } from '../helpers/types-drift.js';

await checkTypesDrift('v2', generated);
