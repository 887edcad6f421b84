import type { ReserveNextDataRowMutation } from './labeling.generated.ts';

/** A row held for the signed-in user (`reserveNextDataRow`). */
export type Reservation = NonNullable<ReserveNextDataRowMutation['reserveNextDataRow']>;
