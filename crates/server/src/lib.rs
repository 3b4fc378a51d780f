//! `rolesearch serve`: an HTTP JSON API over one index, and a web page for
//! people who will not use a terminal.
//!
//! # Why this shape
//! * The API answers with the CLI's own `--json` shapes ([`json`]), so a
//!   script can move from `rolesearch search --json` to `GET /api/search`
//!   without a new parser.
//! * Searches run on tokio's blocking pool (tantivy is synchronous and
//!   takes a fraction of a millisecond); writes queue behind one async
//!   lock, since an index has one writer. Searches keep running while a
//!   document is added: they see the index as of the last commit.
//! * Settings: request bodies up to one document ([`rolesearch::Index`]
//!   refuses larger ones anyway), [`Settings::concurrent`] requests in flight
//!   (the rest wait), and [`Settings::timeout`] per request. Every refusal is
//!   a JSON `{"error": "..."}` with a 4xx status that says what to change.
//!
//! # Endpoints
//! | method and path | parameters | answer |
//! |---|---|---|
//! | `GET /api/search` | `q`, `top`, `offset`, `level`, `lang`, `section`, `role`, `filter=KEY=VALUE` (repeat), `facet=KEY` (repeat), `no_cross`, `no_collapse` | as `search --json` |
//! | `GET /api/compare` | `a`, `b` (two roles), or `role` repeated (three or more: themes) | as `compare --json` |
//! | `GET /api/similar` | `role`, `top` | as `similar --json` |
//! | `GET /api/roles` | | as `roles --json` |
//! | `GET /api/show` | `role` | as `show --json` |
//! | `POST /api/documents` | JSON `{id, text, format?, lang?, source?, metadata?}` | `{"roles": [ids]}` |
//! | `DELETE /api/documents` | `id` | `{"removed": n}` |
//! | `GET /api/health` | | `{"status": "ok", "roles": n}` |
//! | `GET /` | | the web page |

pub mod json;

use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rolesearch::{AddOptions, Format, Index, Lang, Level, Query, QueryError, SectionKind};
use serde::Deserialize;

/// The web page: one file, no build step, no outside resources.
const PAGE: &str = include_str!("page.html");

/// How much a server takes on, and whether it takes writes.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Refuse `POST` and `DELETE /api/documents` (403): the demo index is
    /// rolesearch's own, not a place for the user's documents.
    pub read_only: bool,
    /// Requests handled at once; more wait their turn.
    pub concurrent: usize,
    /// Longest a request may take before it gets 503.
    pub timeout: Duration,
    /// Largest request body, in bytes.
    pub body_bytes: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            read_only: false,
            concurrent: 256,
            timeout: Duration::from_secs(30),
            // A document, JSON-escaped (CJK text may double), plus its fields.
            body_bytes: 2 * rolesearch::MAX_DOCUMENT_BYTES + 64 * 1024,
        }
    }
}

struct AppState {
    index: Arc<Index>,
    /// One writer per index: adds and removals queue here.
    writes: tokio::sync::Mutex<()>,
    settings: Settings,
}

/// A refusal or failure, answered as `{"error": message}` with a status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    /// Closest role ids, for an unknown role.
    suggestions: Vec<String>,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into(), suggestions: Vec::new() }
    }

    fn read_only() -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            message: "this server is read-only (it serves the demo index); start it with --index DIR to add and remove documents".into(),
            suggestions: Vec::new(),
        }
    }
}

impl From<rolesearch::Error> for ApiError {
    fn from(e: rolesearch::Error) -> ApiError {
        let message = e.to_string();
        let (status, suggestions) = match &e {
            rolesearch::Error::Query(QueryError::UnknownRole { suggestions, .. }) => {
                (StatusCode::NOT_FOUND, suggestions.clone())
            }
            rolesearch::Error::Query(
                QueryError::EmptyQuery { .. } | QueryError::QueryTooLong { .. } | QueryError::Invalid(_),
            ) => (StatusCode::BAD_REQUEST, Vec::new()),
            rolesearch::Error::Parse(_) => (StatusCode::UNPROCESSABLE_ENTITY, Vec::new()),
            rolesearch::Error::Index(rolesearch::IndexError::Locked { .. }) => {
                (StatusCode::SERVICE_UNAVAILABLE, Vec::new())
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, Vec::new()),
        };
        ApiError { status, message, suggestions }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({ "error": self.message });
        if !self.suggestions.is_empty() {
            body["suggestions"] = serde_json::json!(self.suggestions);
        }
        (self.status, Json(body)).into_response()
    }
}

type ApiResult = Result<Response, ApiError>;

/// A JSON body already serialised.
fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// Runs index work on the blocking pool, within the time limit.
async fn blocking<T: Send + 'static>(
    settings: Settings,
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let task = tokio::task::spawn_blocking(work);
    match tokio::time::timeout(settings.timeout, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("the request failed: {join}"),
            suggestions: Vec::new(),
        }),
        Err(_) => Err(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: format!("the request took longer than {} s; narrow it or try again", settings.timeout.as_secs()),
            suggestions: Vec::new(),
        }),
    }
}

/// Query-string parameters, repeated keys kept (`filter=a=1&filter=b=2`).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> Params {
        let raw = raw.unwrap_or_default();
        Params(form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.trim().is_empty())
    }

    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn required(&self, key: &str) -> Result<&str, ApiError> {
        self.get(key).ok_or_else(|| ApiError::bad(format!("parameter `{key}` is missing")))
    }

    fn number(&self, key: &str, default: usize) -> Result<usize, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| ApiError::bad(format!("parameter `{key}`: expected a whole number, got {v:?}"))),
        }
    }

    fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.trim()) {
            None => Ok(false),
            Some("" | "1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(v) => Err(ApiError::bad(format!("parameter `{key}`: expected true or false, got {v:?}"))),
        }
    }
}

/// The search a request asks for.
fn search_query(p: &Params) -> Result<(Query, String, usize), ApiError> {
    let text = p.required("q")?.to_string();
    let top = p.number("top", 10)?;
    let offset = p.number("offset", 0)?;
    let level = match p.get("level") {
        None => Level::Statement,
        Some(l) => Level::from_name(l)
            .ok_or_else(|| ApiError::bad(format!("parameter `level`: expected statement or role, got {l:?}")))?,
    };
    let lang = match p.get("lang") {
        None => None,
        Some(l) => Some(
            Lang::from_code(l)
                .ok_or_else(|| ApiError::bad(format!("parameter `lang`: expected en, zh or ja, got {l:?}")))?,
        ),
    };
    let section = match p.get("section") {
        None => None,
        Some(s) => Some(SectionKind::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = SectionKind::ALL.iter().map(|k| k.name()).collect();
            ApiError::bad(format!("parameter `section`: expected one of {}, got {s:?}", names.join(", ")))
        })?),
    };
    let mut q = Query::new(text.clone())
        .limit(top)
        .offset(offset)
        .level(level)
        .lang(lang)
        .section(section)
        .role(p.get("role").map(str::to_string))
        .cross_language(!p.flag("no_cross")?)
        .collapse(!p.flag("no_collapse")?);
    for f in p.all("filter") {
        match f.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => q = q.filter(k, v),
            _ => return Err(ApiError::bad(format!("parameter `filter`: expected KEY=VALUE, got {f:?}"))),
        }
    }
    for key in p.all("facet").filter(|k| !k.trim().is_empty()) {
        q = q.facet(key);
    }
    Ok((q, text, offset))
}

async fn search(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw);
    let (q, text, offset) = search_query(&p)?;
    let index = Arc::clone(&st.index);
    let body = blocking(st.settings, move || {
        let page = index.search_page(&q)?;
        Ok(serde_json::to_vec(&json::SearchOut::new(&text, &page, offset)).unwrap_or_default())
    })
    .await?;
    Ok(json_bytes(body))
}

async fn compare(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw);
    let mut roles: Vec<String> = p.all("role").filter(|r| !r.trim().is_empty()).map(str::to_string).collect();
    if roles.is_empty() {
        roles = vec![p.required("a")?.to_string(), p.required("b")?.to_string()];
    }
    if roles.len() < 2 {
        return Err(ApiError::bad("give two roles (`a` and `b`), or `role` three or more times"));
    }
    let index = Arc::clone(&st.index);
    let body = blocking(st.settings, move || {
        Ok(if roles.len() == 2 {
            let c = index.compare(&roles[0], &roles[1])?;
            serde_json::to_vec(&json::CompareOut::new(&c)).unwrap_or_default()
        } else {
            let m = index.themes(&roles)?;
            serde_json::to_vec(&json::ThemesOut::new(&m)).unwrap_or_default()
        })
    })
    .await?;
    Ok(json_bytes(body))
}

async fn similar(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw);
    let role = p.required("role")?.to_string();
    let top = p.number("top", 10)?.min(rolesearch::MAX_RESULT_WINDOW);
    let index = Arc::clone(&st.index);
    let body = blocking(st.settings, move || {
        let sim = index.similar_scored(&role, top)?;
        Ok(serde_json::to_vec(&json::SimilarOut::new(&role, &sim)).unwrap_or_default())
    })
    .await?;
    Ok(json_bytes(body))
}

async fn roles(State(st): State<Arc<AppState>>) -> ApiResult {
    let index = Arc::clone(&st.index);
    let body = blocking(st.settings, move || {
        let roles = index.roles()?;
        Ok(serde_json::to_vec(&json::RolesOut { roles: &roles }).unwrap_or_default())
    })
    .await?;
    Ok(json_bytes(body))
}

async fn show(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = Params::parse(raw);
    let role = p.required("role")?.to_string();
    let index = Arc::clone(&st.index);
    let body = blocking(st.settings, move || {
        let (info, statements) = index.statements(&role)?;
        Ok(serde_json::to_vec(&json::ShowOut { role: &info, statements: &statements }).unwrap_or_default())
    })
    .await?;
    Ok(json_bytes(body))
}

async fn health(State(st): State<Arc<AppState>>) -> ApiResult {
    let index = Arc::clone(&st.index);
    let n = blocking(st.settings, move || Ok(index.roles()?.len())).await?;
    Ok(Json(serde_json::json!({ "status": "ok", "roles": n })).into_response())
}

/// A metadata value: one text, or several.
#[derive(Deserialize)]
#[serde(untagged)]
enum MetaValue {
    One(String),
    Many(Vec<String>),
}

/// `POST /api/documents`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewDocument {
    id: String,
    text: String,
    format: Option<String>,
    lang: Option<String>,
    source: Option<String>,
    #[serde(default)]
    metadata: BTreeMap<String, MetaValue>,
}

async fn add_document(State(st): State<Arc<AppState>>, body: Result<Json<NewDocument>, JsonRejection>) -> ApiResult {
    if st.settings.read_only {
        return Err(ApiError::read_only());
    }
    let Json(doc) = body.map_err(|e| ApiError {
        status: e.status(),
        message: match e.status() {
            StatusCode::PAYLOAD_TOO_LARGE => {
                format!("the request body is over {} bytes; send one document per request", st.settings.body_bytes)
            }
            _ => format!(
                "the body must be JSON {{\"id\", \"text\", \"format\"?, \"lang\"?, \"source\"?, \"metadata\"?}}: {}",
                e.body_text()
            ),
        },
        suggestions: Vec::new(),
    })?;
    let format = match doc.format.as_deref() {
        None => None,
        Some("text" | "txt") => Some(Format::Text),
        Some("markdown" | "md") => Some(Format::Markdown),
        Some("html") => Some(Format::Html),
        Some(f) => return Err(ApiError::bad(format!("`format`: expected text, markdown or html, got {f:?}"))),
    };
    let lang = match doc.lang.as_deref() {
        None => None,
        Some(l) => {
            Some(Lang::from_code(l).ok_or_else(|| ApiError::bad(format!("`lang`: expected en, zh or ja, got {l:?}")))?)
        }
    };
    let mut options = AddOptions { format, lang, source: doc.source, ..AddOptions::default() };
    for (key, value) in doc.metadata {
        let values = match value {
            MetaValue::One(v) => vec![v],
            MetaValue::Many(vs) => vs,
        };
        for v in values {
            options = options.meta(&key, &v);
        }
    }
    let _writer = st.writes.lock().await;
    let index = Arc::clone(&st.index);
    let (id, text) = (doc.id, doc.text);
    let ids = blocking(st.settings, move || Ok(index.add_str(&id, &text, &options)?)).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "roles": ids }))).into_response())
}

async fn remove_document(State(st): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> ApiResult {
    if st.settings.read_only {
        return Err(ApiError::read_only());
    }
    let p = Params::parse(raw);
    let id = p.required("id")?.to_string();
    let _writer = st.writes.lock().await;
    let index = Arc::clone(&st.index);
    let wanted = id.clone();
    let removed = blocking(st.settings, move || Ok(index.remove_role(&wanted)?)).await?;
    if removed == 0 {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            message: format!("no document or role {id:?} in the index"),
            suggestions: Vec::new(),
        });
    }
    Ok(Json(serde_json::json!({ "removed": removed })).into_response())
}

async fn page() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response()
}

async fn not_found() -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        message:
            "no such endpoint; see GET /api/search, /api/compare, /api/similar, /api/roles, /api/show, /api/documents"
                .into(),
        suggestions: Vec::new(),
    }
}

/// The routes of the API and the page, over `index`.
pub fn router(index: Arc<Index>, settings: Settings) -> Router {
    let state = Arc::new(AppState { index, writes: tokio::sync::Mutex::new(()), settings });
    Router::new()
        .route("/", get(page))
        .route("/api/search", get(search))
        .route("/api/compare", get(compare))
        .route("/api/similar", get(similar))
        .route("/api/roles", get(roles))
        .route("/api/show", get(show))
        .route("/api/health", get(health))
        .route("/api/documents", axum::routing::post(add_document).delete(remove_document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(settings.body_bytes))
        .layer(tower::limit::ConcurrencyLimitLayer::new(settings.concurrent.max(1)))
        .with_state(state)
}

/// Serves `index` on `listener` until `shutdown` completes.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    index: Arc<Index>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(index, settings)).with_graceful_shutdown(shutdown).await
}

/// Serves `index` at `addr` until Ctrl-C, on a tokio runtime of its own
/// (what `rolesearch serve` runs). `on_ready` is told the bound address.
///
/// # Errors
/// When the address cannot be bound (in use, not local…) or the runtime
/// cannot start.
pub fn run(
    index: Index,
    addr: SocketAddr,
    settings: Settings,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        serve(listener, Arc::new(index), settings, ctrl_c).await
    })
}
