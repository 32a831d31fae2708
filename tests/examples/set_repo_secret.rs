//! Creates or updates a repository secret from a plaintext value.
//!
//! The value is sealed with the repository's public key on this machine;
//! only GitHub can open it.
//!
//! `GITHUB_TOKEN=... SECRET_VALUE=... cargo run -p gh-actions-tests --example set_repo_secret -- OWNER REPO NAME`

use gh_actions::Client;
use gh_actions::sealing::SealedSecret;
use gh_actions::secrets::CreateOrUpdateRepoSecretOutcome;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(owner), Some(repo), Some(name)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: set_repo_secret OWNER REPO NAME (value in SECRET_VALUE)".into());
    };
    let plaintext = std::env::var("SECRET_VALUE")?;
    let gh = Client::from_env()?;
    let key = gh
        .secrets()
        .get_repo_public_key(&owner, &repo)
        .send()
        .await?;
    let sealed = SealedSecret::seal(&key.key_id, &key.key, plaintext)?;
    let outcome = gh
        .secrets()
        .create_or_update_repo_secret(owner, repo, &name, &sealed)
        .send()
        .await?;
    match outcome {
        CreateOrUpdateRepoSecretOutcome::Created => println!("created secret {name}"),
        CreateOrUpdateRepoSecretOutcome::Updated => println!("updated secret {name}"),
        other => println!("secret {name}: {other:?}"),
    }
    Ok(())
}
