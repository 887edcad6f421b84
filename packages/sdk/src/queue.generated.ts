// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from './api/typed-document.ts';
import type { JsonValue, QueueType, ReserveNextDataRowInput, ReviewVerdict, SaveLabelDraftInput, SkipQueuedDataRowInput, SubmitQueuedLabelInput, SubmitReviewInput } from './api/schema.generated.ts';

export type SdkReserveNextMutation = {
  reserveNextDataRow: {
    id: string;
    expiresAt: string;
    queueType: QueueType;
    dataRow: {
      id: string;
      rowData: string | null;
      globalKey: string | null;
      externalId: string | null;
      mediaType: string | null;
    };
    preLabels: Array<JsonValue>;
    draft: JsonValue | null;
    label: {
      id: string;
      annotations: Array<JsonValue>;
    } | null;
  } | null;
};
export type SdkReserveNextMutationVariables = {
  data: ReserveNextDataRowInput;
};
export const SdkReserveNextMutation: TypedDocument<SdkReserveNextMutation, SdkReserveNextMutationVariables> = {
  operationName: 'SdkReserveNext',
  source: "mutation SdkReserveNext($data: ReserveNextDataRowInput!) {\n  reserveNextDataRow(data: $data) {\n    id\n    expiresAt\n    queueType\n    dataRow {\n      id\n      rowData\n      globalKey\n      externalId\n      mediaType\n    }\n    preLabels\n    draft\n    label {\n      id\n      annotations\n    }\n  }\n}",
};

export type SdkSubmitLabelMutation = {
  submitQueuedLabel: {
    id: string;
  } | null;
};
export type SdkSubmitLabelMutationVariables = {
  data: SubmitQueuedLabelInput;
};
export const SdkSubmitLabelMutation: TypedDocument<SdkSubmitLabelMutation, SdkSubmitLabelMutationVariables> = {
  operationName: 'SdkSubmitLabel',
  source: "mutation SdkSubmitLabel($data: SubmitQueuedLabelInput!) {\n  submitQueuedLabel(data: $data) {\n    id\n  }\n}",
};

export type SdkSkipMutation = {
  skipQueuedDataRow: boolean;
};
export type SdkSkipMutationVariables = {
  data: SkipQueuedDataRowInput;
};
export const SdkSkipMutation: TypedDocument<SdkSkipMutation, SdkSkipMutationVariables> = {
  operationName: 'SdkSkip',
  source: "mutation SdkSkip($data: SkipQueuedDataRowInput!) {\n  skipQueuedDataRow(data: $data)\n}",
};

export type SdkReleaseMutation = {
  releaseReservation: boolean;
};
export type SdkReleaseMutationVariables = {
  id: string;
};
export const SdkReleaseMutation: TypedDocument<SdkReleaseMutation, SdkReleaseMutationVariables> = {
  operationName: 'SdkRelease',
  source: "mutation SdkRelease($id: ID!) {\n  releaseReservation(id: $id)\n}",
};

export type SdkSaveDraftMutation = {
  saveLabelDraft: boolean;
};
export type SdkSaveDraftMutationVariables = {
  data: SaveLabelDraftInput;
};
export const SdkSaveDraftMutation: TypedDocument<SdkSaveDraftMutation, SdkSaveDraftMutationVariables> = {
  operationName: 'SdkSaveDraft',
  source: "mutation SdkSaveDraft($data: SaveLabelDraftInput!) {\n  saveLabelDraft(data: $data)\n}",
};

export type SdkSubmitReviewMutation = {
  submitReview: {
    id: string;
    verdict: ReviewVerdict | null;
    score: number | null;
    comment: string | null;
  } | null;
};
export type SdkSubmitReviewMutationVariables = {
  data: SubmitReviewInput;
};
export const SdkSubmitReviewMutation: TypedDocument<SdkSubmitReviewMutation, SdkSubmitReviewMutationVariables> = {
  operationName: 'SdkSubmitReview',
  source: "mutation SdkSubmitReview($data: SubmitReviewInput!) {\n  submitReview(data: $data) {\n    id\n    verdict\n    score\n    comment\n  }\n}",
};
