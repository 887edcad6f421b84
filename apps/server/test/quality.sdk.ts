import { LABEL_FIELDS } from './label.factory.ts';

const USER_FIELDS = 'createdAt email intercomHash isExternalUser isViewer nickname name picture id updatedAt';
const BENCHMARK_FIELDS = 'averageAgreement completedCount createdAt lastActivity id';

/**
 * The quality operations of Labelbox SDK 6, verbatim (label.py create_benchmark, benchmark.py delete,
 * data_row.py get_winning_label_id, and the orm's relationship queries for project.benchmarks() and
 * benchmark.reference_label(), printed by /work/notes/scripts/quality_ops.py; all run against a server by
 * /work/notes/scripts/quality_sdk.py).
 */
export const quality = {
  createBenchmark: `mutation CreateBenchmarkPyApi($labelId: ID!) {
            createBenchmark(data: {labelId: $labelId}) {${BENCHMARK_FIELDS}}} `,
  deleteBenchmark: `mutation DeleteBenchmarkPyApi($labelId: ID!) {
            deleteBenchmark(where: {labelId: $labelId}) {id}} `,
  benchmarks: (skip: number) =>
    `query GetProjectBenchmarksPyApi($param_0: ID!){project(where: {id: $param_0}){benchmarks(skip: ${skip} first: 100){${BENCHMARK_FIELDS}}}}`,
  referenceLabel: `query GetBenchmarkReferenceLabelPyApi($param_0: ID!){benchmark(where: {id: $param_0}){referenceLabel{${LABEL_FIELDS}}}}`,
  winningLabel: `query GetWinningLabelIdPyApi($dataRowId: ID!, $projectId: ID!) {
            dataRow(where: { id: $dataRowId }) {
                labelingActivity(where: { projectId: $projectId }) {
                    selectedLabelId
                }
            }} `,
  labelerPerformance: (skip: number) => `query LabelerPerformancePyApi($projectId: ID!) {
            project(where: {id: $projectId}) {
                labelerPerformance(skip: ${skip} first: 100) {
                    count user {${USER_FIELDS}} secondsPerLabel totalTimeLabeling consensus
                    averageBenchmarkAgreement lastActivityTime}
            }}`,
  setInstructions: `mutation setprojectinsructionsPyApi($projectId: ID!, $instructions_url: String!) {
                setProjectInstructions(
                    where: {id: $projectId},
                    data: {instructionsUrl: $instructions_url}
                ) {
                    id
                    ontology {
                    id
                    options
                    }
                }
            }`,
  /** label.create_review(score=…): the caller's score comes first, then the label and project the SDK adds. */
  createReview: `mutation CreateReviewPyApi($score: Float!, $label: ID!, $project: ID!){createReview(data: {score: $score label: {connect: {id: $label}} project: {connect: {id: $project}}}) {createdAt score id updatedAt}} `,
  labelReviews: `query GetLabelReviewsPyApi($param_0: ID!){label(where: {id: $param_0}){reviews(skip: 0 first: 100){createdAt score id updatedAt}}}`,
  reviewMetrics: (netScore: string) => `query ProjectReviewMetricsPyApi($projectId: ID!){
            project(where: {id:$projectId})
            {reviewMetrics {labelAggregate(netScore: ${netScore}) {count}}}
        }`,
};
