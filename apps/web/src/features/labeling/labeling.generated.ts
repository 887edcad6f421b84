// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';
import type { JsonValue, MediaType, QueueType, ReviewVerdict } from '../../api/schema.ts';

export type LabelingProjectQuery = {
  project: {
    id: string;
    name: string;
    allowedMediaType: MediaType | null;
    instructionsMarkdown: string | null;
    instructionsUrl: string | null;
    ontology: {
      id: string;
      normalized: JsonValue;
    } | null;
  } | null;
};
export type LabelingProjectQueryVariables = {
  id: string;
};
export const LabelingProjectQuery: TypedDocument<LabelingProjectQuery, LabelingProjectQueryVariables> = {
  operationName: 'LabelingProject',
  source: "query LabelingProject($id: ID!) {\n  project(where: {id: $id}) {\n    id\n    name\n    allowedMediaType\n    instructionsMarkdown\n    instructionsUrl\n    ontology {\n      id\n      normalized\n    }\n  }\n}",
};

export type ReserveNextDataRowMutation = {
  reserveNextDataRow: {
    id: string;
    expiresAt: string;
    queueType: QueueType;
    preLabels: Array<JsonValue>;
    draft: JsonValue | null;
    dataRow: {
      id: string;
      rowData: string | null;
      globalKey: string | null;
      externalId: string | null;
      mediaAttributes: JsonValue | null;
    };
    label: {
      id: string;
      annotations: Array<JsonValue>;
      secondsToLabel: number | null;
      type: {
        name: string;
      };
      createdBy: {
        id: string;
        email: string;
      } | null;
      reviews: Array<{
        id: string;
        verdict: ReviewVerdict | null;
        comment: string | null;
        createdAt: string;
      }>;
    } | null;
  } | null;
};
export type ReserveNextDataRowMutationVariables = {
  projectId: string;
  queueType: QueueType;
};
export const ReserveNextDataRowMutation: TypedDocument<ReserveNextDataRowMutation, ReserveNextDataRowMutationVariables> = {
  operationName: 'ReserveNextDataRow',
  source: "mutation ReserveNextDataRow($projectId: ID!, $queueType: QueueType!) {\n  reserveNextDataRow(data: {projectId: $projectId, queueType: $queueType}) {\n    id\n    expiresAt\n    queueType\n    preLabels\n    draft\n    dataRow {\n      id\n      rowData\n      globalKey\n      externalId\n      mediaAttributes\n    }\n    label {\n      id\n      annotations\n      secondsToLabel\n      type {\n        name\n      }\n      createdBy {\n        id\n        email\n      }\n      reviews(first: 10) {\n        id\n        verdict\n        comment\n        createdAt\n      }\n    }\n  }\n}",
};

export type SubmitQueuedLabelMutation = {
  submitQueuedLabel: {
    id: string;
  } | null;
};
export type SubmitQueuedLabelMutationVariables = {
  reservationId: string;
  annotations: Array<JsonValue>;
  secondsToLabel: number;
};
export const SubmitQueuedLabelMutation: TypedDocument<SubmitQueuedLabelMutation, SubmitQueuedLabelMutationVariables> = {
  operationName: 'SubmitQueuedLabel',
  source: "mutation SubmitQueuedLabel($reservationId: ID!, $annotations: [Json!]!, $secondsToLabel: Float!) {\n  submitQueuedLabel(\n    data: {reservationId: $reservationId, annotations: $annotations, secondsToLabel: $secondsToLabel}\n  ) {\n    id\n  }\n}",
};

export type SkipQueuedDataRowMutation = {
  skipQueuedDataRow: boolean;
};
export type SkipQueuedDataRowMutationVariables = {
  reservationId: string;
  reason?: string | null;
};
export const SkipQueuedDataRowMutation: TypedDocument<SkipQueuedDataRowMutation, SkipQueuedDataRowMutationVariables> = {
  operationName: 'SkipQueuedDataRow',
  source: "mutation SkipQueuedDataRow($reservationId: ID!, $reason: String) {\n  skipQueuedDataRow(data: {reservationId: $reservationId, reason: $reason})\n}",
};

export type ReleaseReservationMutation = {
  releaseReservation: boolean;
};
export type ReleaseReservationMutationVariables = {
  id: string;
};
export const ReleaseReservationMutation: TypedDocument<ReleaseReservationMutation, ReleaseReservationMutationVariables> = {
  operationName: 'ReleaseReservation',
  source: "mutation ReleaseReservation($id: ID!) {\n  releaseReservation(id: $id)\n}",
};

export type SaveLabelDraftMutation = {
  saveLabelDraft: boolean;
};
export type SaveLabelDraftMutationVariables = {
  reservationId: string;
  annotations: Array<JsonValue>;
};
export const SaveLabelDraftMutation: TypedDocument<SaveLabelDraftMutation, SaveLabelDraftMutationVariables> = {
  operationName: 'SaveLabelDraft',
  source: "mutation SaveLabelDraft($reservationId: ID!, $annotations: [Json!]!) {\n  saveLabelDraft(data: {reservationId: $reservationId, annotations: $annotations})\n}",
};

export type SubmitReviewMutation = {
  submitReview: {
    id: string;
    verdict: ReviewVerdict | null;
  } | null;
};
export type SubmitReviewMutationVariables = {
  reservationId: string;
  verdict: ReviewVerdict;
  comment?: string | null;
  secondsToReview?: number | null;
  annotations?: Array<JsonValue> | null;
};
export const SubmitReviewMutation: TypedDocument<SubmitReviewMutation, SubmitReviewMutationVariables> = {
  operationName: 'SubmitReview',
  source: "mutation SubmitReview($reservationId: ID!, $verdict: ReviewVerdict!, $comment: String, $secondsToReview: Float, $annotations: [Json!]) {\n  submitReview(\n    data: {reservationId: $reservationId, verdict: $verdict, comment: $comment, secondsToReview: $secondsToReview, annotations: $annotations}\n  ) {\n    id\n    verdict\n  }\n}",
};

export type ExtendReservationsMutation = {
  extendReservations: number;
};
export type ExtendReservationsMutationVariables = {
  projectId: string;
  queueType: QueueType;
};
export const ExtendReservationsMutation: TypedDocument<ExtendReservationsMutation, ExtendReservationsMutationVariables> = {
  operationName: 'ExtendReservations',
  source: "mutation ExtendReservations($projectId: ID!, $queueType: QueueType!) {\n  extendReservations(projectId: $projectId, queueType: $queueType)\n}",
};

export type DiscardLabelDraftMutation = {
  discardLabelDraft: boolean;
};
export type DiscardLabelDraftMutationVariables = {
  reservationId: string;
};
export const DiscardLabelDraftMutation: TypedDocument<DiscardLabelDraftMutation, DiscardLabelDraftMutationVariables> = {
  operationName: 'DiscardLabelDraft',
  source: "mutation DiscardLabelDraft($reservationId: ID!) {\n  discardLabelDraft(reservationId: $reservationId)\n}",
};
