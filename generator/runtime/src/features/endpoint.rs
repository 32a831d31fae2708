//! What every generated operation implements, and the two ways the
//! runtime sends one: decoded, or decoded with the answer's metadata.

use crate::transport::client::Client;
use crate::transport::request::Request;
use crate::transport::response::Response;
use crate::vocabulary::error::Error;
use crate::vocabulary::meta::WithMeta;

/// One operation's request builder, as the runtime drives it. Generated
/// builders implement it; their `send` methods call the functions below.
#[doc(hidden)]
pub trait Endpoint: Send + Sync + 'static {
    /// What a successful call gives.
    type Output: Send + 'static;
    /// The client to send through.
    fn client(&self) -> &Client;
    /// The request, path and query filled in.
    fn request(&self) -> Result<Request, Error>;
    /// The value of a 2xx or 3xx answer, by status.
    fn decode(resp: Response) -> Result<Self::Output, Error>;
}

/// Sends and decodes.
#[doc(hidden)]
pub async fn send<E: Endpoint>(endpoint: &E) -> Result<E::Output, Error> {
    let resp = endpoint.client().execute(endpoint.request()?).await?;
    E::decode(resp)
}

/// Sends and decodes, keeping the status and headers.
#[doc(hidden)]
pub async fn send_with_meta<E: Endpoint>(endpoint: &E) -> Result<WithMeta<E::Output>, Error> {
    let resp = endpoint.client().execute(endpoint.request()?).await?;
    let meta = resp.meta();
    Ok(WithMeta::new(E::decode(resp)?, meta))
}
