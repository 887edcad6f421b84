/** Operation texts of Labelbox SDK 6 (project.py, task.py) verbatim, as the real SDK sends them, and of our queue contract (docs/queue.md). */
export const sdk = {
  taskQueues: `query GetProjectTaskQueuesPyApi($projectId: ID!) {
              project(where: {id: $projectId}) {
                taskQueues {
                  dataRowCount description name queueType id
                }
              }
            }
        `,
  overview: `query ProjectGetOverviewPyApi($projectId: ID!) {
            project(where: { id: $projectId }) {      
            workstreamStateCounts {
                state
                count
            }
            taskQueues {
                queueType
                name
                dataRowCount
            }
            issues {
                totalCount
            }
            completedDataRowCount
            }
        }
        `,
  moveToQueue: `mutation AddDataRowsToTaskQueueAsyncPyApi(
          $projectId: ID!
          $queueId: ID
          $dataRowIdentifiers: AddRowsToTaskQueueViaDataRowIdentifiersInput!
        ) {
          project(where: { id: $projectId }) {
            createBulkAddRowsToQueueTask(
              data: { queueId: $queueId, dataRowIdentifiers: $dataRowIdentifiers }
            ) {
              taskId
            }
          }
        }
        `,
  extend: (queueType: string) => `mutation ExtendReservationsPyApi($projectId: ID!){
            extendReservations(projectId:$projectId queueType:${queueType})}`,
  /** set_labeling_parameter_overrides: the rows are inlined by a Template, a trailing comma after each. */
  setOverrides: (rows: Array<{ id: string; idType: 'ID' | 'GKEY'; priority: number }>) =>
    `mutation SetLabelingParameterOverridesPyApi($projectId: ID!)
                {project(where: { id: $projectId })
                {setLabelingParameterOverrides
                (dataWithDataRowIdentifiers: [${rows.map((r) => `{dataRowIdentifier: {id: "${r.id}", idType: ${r.idType}}, priority: ${r.priority}},`).join('')}])
                {success}}}
            `,
  /** project.labeling_parameter_overrides(): the ToMany relationship query, DataRow fields cached. */
  overrides:
    'query GetProjectLabelingParameterOverridesPyApi($param_0: ID!){project(where: {id: $param_0}){labelingParameterOverrides(skip: 0 first: 100){numberOfLabels priority id dataRow{createdAt externalId globalKey mediaAttributes customMetadata { schemaId value } metadataFields { schemaId name value kind } rowData id updatedAt}}}}',
  priorityTask: `mutation createQueuePriorityUpdateTaskPyApi(
              $priority: Int!
              $projectId: ID!
              $dataRowIdentifiers: QueuePriorityUpdateDataRowIdentifiersInput
            ) {
              project(where: { id: $projectId }) {
                createQueuePriorityUpdateTask(
                  data: { priority: $priority, dataRowIdentifiers: $dataRowIdentifiers }
                ) {
                  taskId
                }
              }
            }
        `,
  getTask:
    'query GetUserCreatedTasksPyApi($param_0: ID!, $param_1: ID!){user(where: {id: $param_1}){createdTasks(where: {id: $param_0} skip: 0 first: 100){completionPercentage createdAt errors metadata name result status type id updatedAt}}}',
};

const RESERVATION = `id expiresAt queueType dataRow { id rowData globalKey externalId mediaAttributes } preLabels label { id label secondsToLabel } draft`;

export const queue = {
  reserve: `mutation Reserve($data: ReserveNextDataRowInput!) { reserveNextDataRow(data: $data) { ${RESERVATION} } }`,
  submit: `mutation Submit($data: SubmitQueuedLabelInput!) { submitQueuedLabel(data: $data) { id label secondsToLabel createdBy { id } } }`,
  skip: `mutation Skip($data: SkipQueuedDataRowInput!) { skipQueuedDataRow(data: $data) }`,
  release: `mutation Release($id: ID!) { releaseReservation(id: $id) }`,
  draft: `mutation Draft($data: SaveLabelDraftInput!) { saveLabelDraft(data: $data) }`,
  review: `mutation Review($data: SubmitReviewInput!) { submitReview(data: $data) { id score verdict comment secondsToReview createdBy { id } label { id } } }`,
  labelReviews: `query LabelReviews($id: ID!) { label(where: {id: $id}) { id reviews(skip: 0, first: 100) { id score verdict comment } } }`,
  reviewStep: `mutation Step($data: SetProjectReviewStepInput!) { setProjectReviewStep(data: $data) }`,
};

/** A box inside a 640×480 image, as an NDJSON import line without `dataRow`. */
export const box = (uuid?: string, left = 10) => ({
  ...(uuid && { uuid }),
  name: 'box',
  bbox: { top: 10, left, height: 20, width: 30 },
});
