//! The generated type each operation decodes its JSON success body into,
//! keyed by operation id and status, and the error-body types by schema.

use gh_actions::types::*;
use gh_actions_tests::e2e_support::assert_round_trip;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;

/// How one JSON body of the spec is decoded.
pub(super) struct Decoder {
    /// The operation id, or the error schema's name for error bodies.
    pub(super) operation: &'static str,
    /// The response status (0 for error bodies, which any error status may carry).
    pub(super) status: u16,
    /// The Rust type, for messages.
    pub(super) type_name: &'static str,
    /// Decodes `value` and checks that re-encoding loses no field (panics
    /// when it does); `Err` when it does not decode.
    pub(super) round_trip: fn(&Value) -> Result<(), String>,
    /// Decodes raw bytes as the client does: `Ok(true)` when they decode,
    /// `Ok(false)` when they do not. `Err` means a decoded value could not be
    /// encoded again, or encoded into something that decodes to a different
    /// value.
    pub(super) decode: fn(&[u8]) -> Result<bool, String>,
}

impl Decoder {
    /// `actions/x 200 (Type)`, for messages.
    pub(super) fn describe(&self) -> String {
        format!("{} {} ({})", self.operation, self.status, self.type_name)
    }
}

fn round_trip<T>(value: &Value) -> Result<(), String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let decoded: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    assert_round_trip(&decoded, value);
    Ok(())
}

fn decode<T>(bytes: &[u8]) -> Result<bool, String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(decoded) = serde_json::from_slice::<T>(bytes) else {
        return Ok(false);
    };
    let _ = format!("{decoded:?}");
    let encoded = serde_json::to_vec(&decoded)
        .map_err(|e| format!("a decoded value does not encode: {e}"))?;
    let again: T = serde_json::from_slice(&encoded).map_err(|e| {
        format!(
            "the encoding of a decoded value does not decode: {e}: {}",
            String::from_utf8_lossy(&encoded)
        )
    })?;
    if again != decoded {
        return Err(format!(
            "decode(encode(x)) != x for {}",
            String::from_utf8_lossy(&encoded)
        ));
    }
    Ok(true)
}

macro_rules! decoders {
    ($(($operation:literal, $status:literal, $ty:ty)),* $(,)?) => {
        &[$(Decoder {
            operation: $operation,
            status: $status,
            type_name: stringify!($ty),
            round_trip: round_trip::<$ty>,
            decode: decode::<$ty>,
        }),*]
    };
}

/// One entry per operation with a JSON success body: the type the client
/// decodes it into (the list wrapper for paginated lists, the run details of
/// a dispatch; the empty object the client discards for re-runs, approvals
/// and cancels).
pub(super) const SUCCESS: &[Decoder] = decoders![
    ("actions/approve-workflow-run", 201, EmptyObject),
    ("actions/cancel-workflow-run", 202, EmptyObject),
    ("actions/create-registration-token-for-org", 201, AuthenticationToken),
    ("actions/create-registration-token-for-repo", 201, AuthenticationToken),
    ("actions/create-remove-token-for-org", 201, AuthenticationToken),
    ("actions/create-remove-token-for-repo", 201, AuthenticationToken),
    ("actions/create-self-hosted-runner-group-for-org", 201, RunnerGroupsOrg),
    ("actions/create-workflow-dispatch", 200, WorkflowDispatchRunDetails),
    ("actions/force-cancel-workflow-run", 202, EmptyObject),
    ("actions/get-artifact", 200, Artifact),
    ("actions/get-concurrency-group-for-repository", 200, ConcurrencyGroup),
    ("actions/get-job-for-workflow-run", 200, Job),
    ("actions/get-org-public-key", 200, ActionsPublicKey),
    ("actions/get-org-secret", 200, OrganizationActionsSecret),
    ("actions/get-pending-deployments-for-run", 200, Vec<PendingDeployment>),
    ("actions/get-repo-public-key", 200, ActionsPublicKey),
    ("actions/get-repo-secret", 200, ActionsSecret),
    ("actions/get-reviews-for-run", 200, Vec<EnvironmentApprovals>),
    ("actions/get-self-hosted-runner-for-org", 200, Runner),
    ("actions/get-self-hosted-runner-for-repo", 200, Runner),
    ("actions/get-self-hosted-runner-group-for-org", 200, RunnerGroupsOrg),
    ("actions/get-workflow", 200, Workflow),
    ("actions/get-workflow-run", 200, WorkflowRun),
    ("actions/get-workflow-run-attempt", 200, WorkflowRun),
    ("actions/get-workflow-run-usage", 200, WorkflowRunUsage),
    ("actions/list-artifacts-for-repo", 200, ListArtifactsForRepoResponse),
    ("actions/list-concurrency-groups-for-repository", 200, ListConcurrencyGroupsForRepositoryResponse),
    ("actions/list-concurrency-groups-for-workflow-run", 200, ListConcurrencyGroupsForWorkflowRunResponse),
    ("actions/list-jobs-for-workflow-run", 200, ListJobsForWorkflowRunResponse),
    ("actions/list-org-secrets", 200, ListOrgSecretsResponse),
    ("actions/list-repo-access-to-self-hosted-runner-group-in-org", 200, ListRepoAccessToSelfHostedRunnerGroupInOrgResponse),
    ("actions/list-repo-secrets", 200, ListRepoSecretsResponse),
    ("actions/list-repo-workflows", 200, ListRepoWorkflowsResponse),
    ("actions/list-runner-applications-for-org", 200, Vec<RunnerApplication>),
    ("actions/list-runner-applications-for-repo", 200, Vec<RunnerApplication>),
    ("actions/list-selected-repos-for-org-secret", 200, ListSelectedReposForOrgSecretResponse),
    ("actions/list-self-hosted-runner-groups-for-org", 200, ListSelfHostedRunnerGroupsForOrgResponse),
    ("actions/list-self-hosted-runners-for-org", 200, ListSelfHostedRunnersForOrgResponse),
    ("actions/list-self-hosted-runners-for-repo", 200, ListSelfHostedRunnersForRepoResponse),
    ("actions/list-self-hosted-runners-in-group-for-org", 200, ListSelfHostedRunnersInGroupForOrgResponse),
    ("actions/list-workflow-run-artifacts", 200, ListWorkflowRunArtifactsResponse),
    ("actions/list-workflow-runs", 200, ListWorkflowRunsResponse),
    ("actions/list-workflow-runs-for-repo", 200, ListWorkflowRunsForRepoResponse),
    ("actions/re-run-job-for-workflow-run", 201, EmptyObject),
    ("actions/re-run-workflow", 201, EmptyObject),
    ("actions/re-run-workflow-failed-jobs", 201, EmptyObject),
    ("actions/review-pending-deployments-for-run", 200, Vec<Deployment>),
    ("actions/update-self-hosted-runner-group-for-org", 200, RunnerGroupsOrg),
];

/// The error-body schemas of the spec and their types.
pub(super) const ERROR_BODIES: &[Decoder] = decoders![
    ("basic-error", 0, BasicError),
    ("validation-error", 0, ValidationError),
    ("validation-error-simple", 0, ValidationErrorSimple),
];

/// The decoder of `operation`'s `status` success body.
pub(super) fn success(operation: &str, status: u16) -> Option<&'static Decoder> {
    SUCCESS
        .iter()
        .find(|d| d.operation == operation && d.status == status)
}

/// The decoder of an error body whose schema is `#/components/schemas/<name>`.
pub(super) fn error_body(schema_ref: &str) -> Option<&'static Decoder> {
    let name = schema_ref.strip_prefix("#/components/schemas/")?;
    ERROR_BODIES.iter().find(|d| d.operation == name)
}
