//! `eniplan serve`: a local EC2 endpoint speaking the EC2 Query protocol, so that the AWS SDKs
//! and the AWS CLI talk to the model with nothing changed but the endpoint URL.

use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use eniplan::model::Strategy;
use eniplan::rng::request_id;
use eniplan::schema::ActionSchema;
use eniplan::{Ec2, Ec2Options, Error};
use eniplan_query::{error_document, error_xml, parse_query, response_xml};

use crate::output::{bad_input, Outcome};

/// The largest request body served; a larger one is an `InvalidRequest` error.
const MAX_BODY_BYTES: usize = 1 << 20;

/// Arguments of `eniplan serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Where to listen; port 0 picks a free port. Loopback by default.
    #[arg(long, default_value = "127.0.0.1:8787")]
    bind: SocketAddr,
    /// Initial state: describe-* output files or folders holding them.
    #[arg(long, num_args = 1..)]
    state: Vec<PathBuf>,
    /// How automatic addresses are picked.
    #[arg(long, value_enum, default_value_t = StrategyArg::Random)]
    strategy: StrategyArg,
    /// The seed of the random strategy and of new ids.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// `--strategy`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum StrategyArg {
    /// Seeded random, scattered like EC2.
    Random,
    /// Lowest free address first.
    Lowest,
}

/// The message of EC2's `InternalError` when the model is refused. The C library and the Python
/// package follow the same policy: after a panic inside a call the model may be half changed,
/// so it answers nothing more.
const POISONED: &str = "An internal error has occurred: a request failed inside eniplan and may have left the model half changed; restart eniplan serve";

/// What every request handler shares: the model, behind one lock so each operation is atomic.
struct Shared {
    ec2: Mutex<Ec2>,
    requests: AtomicU64,
    /// The model's seed, which makes request ids repeatable as it makes ids.
    seed: u64,
}

/// Runs the endpoint until SIGINT or SIGTERM.
pub fn run(args: &Args) -> Outcome {
    let mut ec2 = Ec2::new(Ec2Options {
        strategy: match args.strategy {
            StrategyArg::Random => Strategy::Random,
            StrategyArg::Lowest => Strategy::Lowest,
        },
        seed: args.seed,
    });
    if let Err(message) = crate::state::load_into(&mut ec2, &args.state) {
        return bad_input(message);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return bad_input(format!("cannot start the server: {error}")),
    };
    runtime.block_on(serve(args.bind, ec2))
}

async fn serve(bind: SocketAddr, ec2: Ec2) -> Outcome {
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(listener) => listener,
        Err(error) => return bad_input(format!("cannot listen on {bind}: {error}")),
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => return bad_input(format!("cannot listen on {bind}: {error}")),
    };
    let shared = Arc::new(Shared {
        seed: ec2.options().seed,
        ec2: Mutex::new(ec2),
        requests: AtomicU64::new(0),
    });
    let app = axum::Router::new().fallback(handle).with_state(shared);
    println!("eniplan serve: listening on http://{address}/");
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    match served {
        Ok(()) => {
            eprintln!("eniplan serve: stopped");
            Outcome::Success
        }
        Err(error) => bad_input(format!("the server failed: {error}")),
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

fn xml_response(status: StatusCode, body: String, request_id: &str) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml;charset=UTF-8"),
    );
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-RequestId", value);
    }
    response
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response {
    let number = shared.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let id = request_id(shared.seed, number);
    match answer(&shared, request).await {
        Ok((action, response)) => {
            xml_response(StatusCode::OK, response_xml(action, &response, &id), &id)
        }
        Err(Refusal::Ec2(error)) => {
            xml_response(StatusCode::BAD_REQUEST, error_xml(&error, &id), &id)
        }
        Err(Refusal::Poisoned) => xml_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_document("InternalError", POISONED, &id),
            &id,
        ),
    }
}

/// Why a request has no response.
enum Refusal {
    /// EC2's error for the request: HTTP 400 with its code.
    Ec2(Error),
    /// The model is refused (HTTP 500 `InternalError`): this request or an earlier one panicked
    /// inside it.
    Poisoned,
}

impl From<Error> for Refusal {
    fn from(error: Error) -> Refusal {
        Refusal::Ec2(error)
    }
}

/// The parameters of a request: the query string, and the form body of a POST.
async fn parameters(request: Request<Body>) -> Result<Vec<(String, String)>, Error> {
    let mut pairs: Vec<(String, String)> = request
        .uri()
        .query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let body = to_bytes(request.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|_| Error::RequestTooLarge {
            limit: MAX_BODY_BYTES,
        })?;
    pairs.extend(form_urlencoded::parse(&body).into_owned());
    Ok(pairs)
}

async fn answer(
    shared: &Shared,
    request: Request<Body>,
) -> Result<(&'static ActionSchema, serde_json::Value), Refusal> {
    let parsed = parse_query(parameters(request).await?)?;
    // A panic unwinds through the guard, which poisons the lock: this request and every later
    // one are refused rather than run on a model a failed operation may have half changed.
    let answered = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut ec2 = shared.ec2.lock().map_err(|_| Refusal::Poisoned)?;
        Ok(ec2.call(parsed.action.name, &parsed.request)?)
    }));
    let response = answered.unwrap_or(Err(Refusal::Poisoned))?;
    Ok((parsed.action, response))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(shared: &Arc<Shared>, form: &'static str) -> Response {
        let request = Request::post("/").body(Body::from(form)).unwrap();
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(handle(State(Arc::clone(shared)), request))
    }

    #[test]
    fn a_poisoned_model_is_refused_and_left_as_it_was() {
        let shared = Arc::new(Shared {
            ec2: Mutex::new(Ec2::default()),
            requests: AtomicU64::new(0),
            seed: 0,
        });
        assert_eq!(
            post(&shared, "Action=DescribeVpcs").status(),
            StatusCode::OK
        );
        // A panic while the model is locked, as a bug inside an operation would cause.
        let holder = Arc::clone(&shared);
        let panicked = std::thread::spawn(move || {
            let _model = holder.ec2.lock().unwrap();
            panic!("a bug inside an operation");
        })
        .join();
        assert!(panicked.is_err() && shared.ec2.is_poisoned());
        let response = post(&shared, "Action=CreateVpc&CidrBlock=10.1.0.0%2F16");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(to_bytes(response.into_body(), MAX_BODY_BYTES))
            .unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("<Code>InternalError</Code>"), "{body}");
        let ec2 = shared
            .ec2
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        assert!(ec2.vpcs().is_empty(), "a refused request changed the model");
    }
}
