//! Minimal hand-written structs with the same fields as the generated
//! `WorkflowRun`, `Job` and `Artifact` pages: plain `#[derive(Deserialize)]`,
//! `String` for strings and string enums, `Option` for every optional or
//! nullable field, `serde_json::Value` for free-form objects. Date-times are
//! `Ts`: `String`, or [`Rfc3339`] to parse them like the generated types.

#![allow(dead_code)]

use serde::Deserialize;
use serde_json::Value;

/// An RFC 3339 date-time parsed with chrono, as `gh_actions::types::Timestamp`
/// parses it (without keeping the fraction's digit count).
pub struct Rfc3339(pub chrono::DateTime<chrono::FixedOffset>);

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Rfc3339;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an RFC 3339 date-time")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rfc3339, E> {
                chrono::DateTime::parse_from_rfc3339(v)
                    .map(Rfc3339)
                    .map_err(E::custom)
            }
        }
        de.deserialize_str(Visit)
    }
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct RunsPage<Ts> {
    pub total_count: i64,
    pub workflow_runs: Vec<Run<Ts>>,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct Run<Ts> {
    pub actor: Option<User>,
    pub artifacts_url: String,
    pub cancel_url: String,
    pub check_suite_id: Option<i64>,
    pub check_suite_node_id: Option<String>,
    pub check_suite_url: String,
    pub conclusion: Option<String>,
    pub created_at: Ts,
    pub display_title: Option<String>,
    pub event: String,
    pub head_branch: Option<String>,
    pub head_commit: Option<Commit<Ts>>,
    pub head_repository: Repository<Ts>,
    pub head_sha: String,
    pub html_url: String,
    pub id: i64,
    pub jobs_url: String,
    pub logs_url: String,
    pub name: Option<String>,
    pub node_id: String,
    pub path: Option<String>,
    pub previous_attempt_url: Option<String>,
    pub pull_requests: Vec<PullRequest>,
    pub referenced_workflows: Option<Vec<ReferencedWorkflow>>,
    pub repository: Repository<Ts>,
    pub rerun_url: String,
    pub run_attempt: Option<i64>,
    pub run_number: i64,
    pub run_started_at: Option<Ts>,
    pub status: String,
    pub triggering_actor: Option<User>,
    pub updated_at: Ts,
    pub url: String,
    pub workflow_id: i64,
    pub workflow_url: String,
}

#[derive(Deserialize)]
pub struct User {
    pub avatar_url: String,
    pub events_url: String,
    pub followers_url: String,
    pub following_url: String,
    pub gists_url: String,
    pub gravatar_id: Option<String>,
    pub html_url: String,
    pub id: i64,
    pub login: String,
    pub node_id: String,
    pub organizations_url: String,
    pub received_events_url: String,
    pub repos_url: String,
    pub site_admin: bool,
    pub starred_url: String,
    pub subscriptions_url: String,
    pub r#type: String,
    pub url: String,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct Commit<Ts> {
    pub author: Option<Identity>,
    pub committer: Option<Identity>,
    pub id: String,
    pub message: String,
    pub timestamp: Ts,
    pub tree_id: String,
}

#[derive(Deserialize)]
pub struct Identity {
    pub email: String,
    pub name: String,
}

#[derive(Deserialize)]
pub struct PullRequest {
    pub base: PullRequestRef,
    pub head: PullRequestRef,
    pub id: i64,
    pub number: i64,
    pub url: String,
}

#[derive(Deserialize)]
pub struct PullRequestRef {
    pub r#ref: String,
    pub repo: PullRequestRepo,
    pub sha: String,
}

#[derive(Deserialize)]
pub struct PullRequestRepo {
    pub id: i64,
    pub name: String,
    pub url: String,
}

#[derive(Deserialize)]
pub struct ReferencedWorkflow {
    pub path: String,
    pub r#ref: Option<String>,
    pub sha: String,
}

#[derive(Deserialize)]
pub struct License {
    pub html_url: Option<String>,
    pub key: Option<String>,
    pub name: Option<String>,
    pub node_id: Option<String>,
    pub spdx_id: Option<String>,
    pub url: Option<String>,
}

#[derive(Deserialize)]
pub struct Permissions {
    pub admin: Option<bool>,
    pub maintain: Option<bool>,
    pub pull: Option<bool>,
    pub push: Option<bool>,
    pub triage: Option<bool>,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct Repository<Ts> {
    pub allow_merge_commit: Option<bool>,
    pub allow_rebase_merge: Option<bool>,
    pub allow_squash_merge: Option<bool>,
    pub archive_url: String,
    pub archived: Option<bool>,
    pub assignees_url: String,
    pub blobs_url: String,
    pub branches_url: String,
    pub clone_url: Option<String>,
    pub collaborators_url: String,
    pub comments_url: String,
    pub commits_url: String,
    pub compare_url: String,
    pub contents_url: String,
    pub contributors_url: String,
    pub created_at: Option<Ts>,
    pub default_branch: Option<String>,
    pub delete_branch_on_merge: Option<bool>,
    pub deployments_url: String,
    pub description: Option<String>,
    pub disabled: Option<bool>,
    pub downloads_url: String,
    pub events_url: String,
    pub fork: bool,
    pub forks: Option<i64>,
    pub forks_count: Option<i64>,
    pub forks_url: String,
    pub full_name: String,
    pub git_commits_url: String,
    pub git_refs_url: String,
    pub git_tags_url: String,
    pub git_url: Option<String>,
    pub has_downloads: Option<bool>,
    pub has_issues: Option<bool>,
    pub has_pages: Option<bool>,
    pub has_projects: Option<bool>,
    pub has_wiki: Option<bool>,
    pub homepage: Option<String>,
    pub hooks_url: String,
    pub html_url: String,
    pub id: i64,
    pub is_template: Option<bool>,
    pub issue_comment_url: String,
    pub issue_events_url: String,
    pub issues_url: String,
    pub keys_url: String,
    pub labels_url: String,
    pub language: Option<String>,
    pub languages_url: String,
    pub license: Option<License>,
    pub merges_url: String,
    pub milestones_url: String,
    pub mirror_url: Option<String>,
    pub name: String,
    pub network_count: Option<i64>,
    pub node_id: String,
    pub notifications_url: String,
    pub open_issues: Option<i64>,
    pub open_issues_count: Option<i64>,
    pub organization: Option<Value>,
    pub owner: User,
    pub permissions: Option<Permissions>,
    pub private: bool,
    pub pulls_url: String,
    pub pushed_at: Option<Ts>,
    pub releases_url: String,
    pub size: Option<i64>,
    pub ssh_url: Option<String>,
    pub stargazers_count: Option<i64>,
    pub stargazers_url: String,
    pub statuses_url: String,
    pub subscribers_count: Option<i64>,
    pub subscribers_url: String,
    pub subscription_url: String,
    pub svn_url: Option<String>,
    pub tags_url: String,
    pub teams_url: String,
    pub temp_clone_token: Option<String>,
    pub template_repository: Option<Value>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub trees_url: String,
    pub updated_at: Option<Ts>,
    pub url: String,
    pub visibility: Option<String>,
    pub watchers: Option<i64>,
    pub watchers_count: Option<i64>,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct JobsPage<Ts> {
    pub jobs: Vec<Job<Ts>>,
    pub total_count: i64,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct Job<Ts> {
    pub check_run_url: String,
    pub completed_at: Option<Ts>,
    pub conclusion: Option<String>,
    pub head_sha: String,
    pub html_url: String,
    pub id: i64,
    pub name: String,
    pub node_id: String,
    pub run_id: i64,
    pub run_url: String,
    pub started_at: Ts,
    pub status: String,
    #[serde(default)]
    pub steps: Vec<Step<Ts>>,
    pub url: String,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct Step<Ts> {
    pub completed_at: Option<Ts>,
    pub conclusion: Option<String>,
    pub name: String,
    pub number: i64,
    pub started_at: Option<Ts>,
    pub status: String,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct ArtifactsPage<Ts> {
    pub artifacts: Vec<Artifact<Ts>>,
    pub total_count: i64,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "Ts: Deserialize<'de>"))]
pub struct Artifact<Ts> {
    pub archive_download_url: String,
    pub created_at: Ts,
    pub expired: bool,
    pub expires_at: Ts,
    pub id: i64,
    pub name: String,
    pub node_id: String,
    pub size_in_bytes: i64,
    pub updated_at: Ts,
    pub url: String,
}
