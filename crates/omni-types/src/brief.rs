use serde::{Deserialize, Serialize};

/// What an agent is asked to do, handed to it beside the environment snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskBrief {
    pub task: String,
    pub mission_brief: String,
    #[serde(default)]
    pub constraints: Vec<String>,
    #[serde(default)]
    pub relevant_files: Vec<String>,
}
