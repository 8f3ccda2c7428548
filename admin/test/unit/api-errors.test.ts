import { describe, expect, it } from 'vitest';
import { ApiError, describeApiError } from '@/lib/api';

// The dashboard tells staff what to do from the API's error code, never from its message:
// messages are for people and may be reworded.
describe('describeApiError', () => {
  it('says "run dbt" for models_not_built, whatever the message says', () => {
    const msg = describeApiError(new ApiError(503, 'models_not_built', 'The marts are missing'));
    expect(msg).toMatch(/models have not been built yet \(run dbt\)/);
  });

  it('does not call an outage "models not built" because its message mentions dbt', () => {
    const msg = describeApiError(new ApiError(503, 'unavailable', 'Storage is unavailable while dbt runs; retry later'));
    expect(msg).toBe('Storage is unavailable while dbt runs; retry later');
  });

  it('names the key settings for a refused key', () => {
    expect(describeApiError(new ApiError(403, 'forbidden', 'This key may not use this endpoint'))).toMatch(/READ_API_KEYS/);
  });
});
