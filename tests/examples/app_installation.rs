//! Acts as a GitHub App installation: the client signs a short-lived JWT
//! with the App's private key, exchanges it for an installation token, and
//! renews that token before it expires. Needs the client's `app-auth`
//! feature (this crate turns it on).
//!
//! `cargo run -p gh-actions-tests --example app_installation -- APP_ID KEY.pem INSTALLATION_ID OWNER REPO`

use gh_actions::Client;
use gh_actions::auth::AppCredentials;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [app_id, key_file, installation, owner, repo] = args.as_slice() else {
        return Err("usage: app_installation APP_ID KEY.pem INSTALLATION_ID OWNER REPO".into());
    };
    let key = std::fs::read_to_string(key_file)?;
    let gh = Client::builder()
        .app_installation(AppCredentials::new(
            app_id.as_str(),
            &key,
            installation.parse()?,
        ))
        .build()?;
    let runners = gh
        .self_hosted_runners()
        .list_self_hosted_runners_for_repo(owner.as_str(), repo.as_str())
        .send()
        .await?;
    for runner in &runners.items {
        println!("{} {} {}", runner.id, runner.name, runner.status);
    }
    Ok(())
}
