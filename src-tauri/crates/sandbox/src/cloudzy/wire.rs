//! Cloudzy wire format: the `{detail, code, data}` envelope, the error bodies (FAILED, 422
//! pydantic-style validation, 460 low balance) and small request-reading helpers.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

/// One FastAPI/pydantic validation item: `{loc, msg, type}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValidationItem {
    pub loc: Vec<Value>,
    pub msg: String,
    pub kind: &'static str,
}

/// Every way a Cloudzy call can fail, rendered exactly as the API renders it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ApiError {
    /// `{"detail": msg, "code": "FAILED", "data": {"statusCode": n, "detail": msg}}` with HTTP n.
    Failed(StatusCode, String),
    /// HTTP 422 `{"detail": [{loc, msg, type}]}` — no `code` field, as FastAPI answers.
    Validation(Vec<ValidationItem>),
    /// HTTP 460 `BALANCE_IS_NOT_SUFFICIENT` with the figures (required as a number, balance as a string).
    LowBalance {
        required: f64,
        balance: f64,
        active_instances: usize,
    },
}

impl ApiError {
    pub fn not_found(what: &str) -> Self {
        ApiError::Failed(StatusCode::NOT_FOUND, format!("{what} not found"))
    }
    pub fn bad_request(detail: impl Into<String>) -> Self {
        ApiError::Failed(StatusCode::BAD_REQUEST, detail.into())
    }
    pub fn unauthorized(detail: &str) -> Self {
        ApiError::Failed(StatusCode::UNAUTHORIZED, detail.to_string())
    }
}

/// Days of running cost the balance is validated against before a create or a resize.
pub(crate) const BALANCE_DAYS: u32 = 5;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Failed(status, detail) => (
                status,
                Json(json!({
                    "detail": detail,
                    "code": "FAILED",
                    "data": {"statusCode": status.as_u16(), "detail": detail},
                })),
            )
                .into_response(),
            ApiError::Validation(items) => {
                let detail: Vec<Value> = items
                    .into_iter()
                    .map(|i| json!({"loc": i.loc, "msg": i.msg, "type": i.kind}))
                    .collect();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(json!({ "detail": detail })),
                )
                    .into_response()
            }
            ApiError::LowBalance {
                required,
                balance,
                active_instances,
            } => {
                // 460 is not a registered status; it is still a valid status code.
                let status = StatusCode::from_u16(460).unwrap_or(StatusCode::PAYMENT_REQUIRED);
                (
                    status,
                    Json(json!({
                        "detail": "You don't have enough balance for the selected product.",
                        "code": "BALANCE_IS_NOT_SUFFICIENT",
                        "data": {
                            "minimumRequiredBalance": round2(required),
                            "customerBalance": format!("{balance:.2}"),
                            "numberOfDaysBalanceValidatedAgainst": BALANCE_DAYS,
                            "activeInstanceCount": active_instances,
                        },
                    })),
                )
                    .into_response()
            }
        }
    }
}

/// Rounds money to cents for display in number-typed fields.
pub(crate) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A successful answer: HTTP 200, `code: "OKAY"`.
pub(crate) fn okay(detail: &str, data: Value) -> Response {
    Json(json!({"detail": detail, "code": "OKAY", "data": data})).into_response()
}

/// The instance-create answer pinned in docs/wire-decisions.md: HTTP 201, `code: "CREATED"`.
pub(crate) fn created(detail: &str, data: Value) -> Response {
    (
        StatusCode::CREATED,
        Json(json!({"detail": detail, "code": "CREATED", "data": data})),
    )
        .into_response()
}

pub(crate) type ApiResult = Result<Response, ApiError>;

/// Parses a JSON object body, answering 422 the way FastAPI does for an unreadable or non-object body.
pub(crate) fn json_body(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let missing = || {
        ApiError::Validation(vec![ValidationItem {
            loc: vec![json!("body")],
            msg: "field required".into(),
            kind: "value_error.missing",
        }])
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(missing());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::Validation(vec![ValidationItem {
            loc: vec![json!("body")],
            msg: "value is not a valid dict".into(),
            kind: "type_error.dict",
        }])),
        Err(e) => Err(ApiError::Validation(vec![ValidationItem {
            loc: vec![json!("body"), json!(e.column())],
            msg: format!("Expecting value: {e}"),
            kind: "value_error.jsondecode",
        }])),
    }
}

/// Collects pydantic-style validation errors over one JSON object (body) or query map, so one 422
/// names every bad field at once.
pub(crate) struct Checker<'a> {
    place: &'static str,
    body: &'a Map<String, Value>,
    pub errors: Vec<ValidationItem>,
}

impl<'a> Checker<'a> {
    pub fn body(body: &'a Map<String, Value>) -> Self {
        Checker {
            place: "body",
            body,
            errors: Vec::new(),
        }
    }

    pub fn push(&mut self, path: &[&str], msg: impl Into<String>, kind: &'static str) {
        let mut loc = vec![json!(self.place)];
        loc.extend(path.iter().map(|p| json!(p)));
        self.errors.push(ValidationItem {
            loc,
            msg: msg.into(),
            kind,
        });
    }

    fn get(&self, field: &str) -> Option<&'a Value> {
        self.body.get(field).filter(|v| !v.is_null())
    }

    pub fn req_str(&mut self, field: &str) -> Option<String> {
        match self.get(field) {
            None => {
                self.push(&[field], "field required", "value_error.missing");
                None
            }
            other => self.str_value(field, other),
        }
    }

    pub fn opt_str(&mut self, field: &str) -> Option<String> {
        let v = self.get(field);
        self.str_value(field, v)
    }

    fn str_value(&mut self, field: &str, v: Option<&Value>) -> Option<String> {
        match v {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => {
                self.push(&[field], "str type expected", "type_error.str");
                None
            }
        }
    }

    pub fn opt_bool(&mut self, field: &str) -> Option<bool> {
        match self.get(field) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.push(
                    &[field],
                    "value could not be parsed to a boolean",
                    "type_error.bool",
                );
                None
            }
        }
    }

    pub fn opt_int(&mut self, field: &str) -> Option<i64> {
        let v = self.get(field);
        self.int_value(&[field], v)
    }

    pub fn req_int(&mut self, field: &str) -> Option<i64> {
        if self.get(field).is_none() {
            self.push(&[field], "field required", "value_error.missing");
            return None;
        }
        self.opt_int(field)
    }

    fn int_value(&mut self, path: &[&str], v: Option<&Value>) -> Option<i64> {
        match v {
            None => None,
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            Some(_) => {
                self.push(path, "value is not a valid integer", "type_error.integer");
                None
            }
        }
    }

    pub fn opt_number(&mut self, field: &str) -> Option<f64> {
        match self.get(field) {
            None => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => s.trim().parse().ok(),
            Some(_) => {
                self.push(&[field], "value is not a valid float", "type_error.float");
                None
            }
        }
    }

    /// An optional array of strings; `None` when absent.
    pub fn opt_str_array(&mut self, field: &str) -> Option<Vec<String>> {
        match self.get(field) {
            None => None,
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        _ => {
                            let idx = i.to_string();
                            self.push(&[field, &idx], "str type expected", "type_error.str");
                        }
                    }
                }
                Some(out)
            }
            Some(_) => {
                self.push(&[field], "value is not a valid list", "type_error.list");
                None
            }
        }
    }

    pub fn opt_int_array(&mut self, field: &str) -> Option<Vec<i64>> {
        match self.get(field) {
            None => None,
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let idx = i.to_string();
                    if let Some(n) = self.int_value(&[field, &idx], Some(item)) {
                        out.push(n);
                    }
                }
                Some(out)
            }
            Some(_) => {
                self.push(&[field], "value is not a valid list", "type_error.list");
                None
            }
        }
    }

    /// An optional nested object (e.g. `extraResource`), checked field by field with `path` prefixes.
    pub fn opt_object(&mut self, field: &str) -> Option<&'a Map<String, Value>> {
        match self.get(field) {
            None => None,
            Some(Value::Object(m)) => Some(m),
            Some(_) => {
                self.push(&[field], "value is not a valid dict", "type_error.dict");
                None
            }
        }
    }

    /// An integer inside a nested object, e.g. `extraResource.cpu`.
    pub fn nested_int(&mut self, parent: &str, obj: &Map<String, Value>, field: &str) -> Option<i64> {
        let v = obj.get(field).filter(|v| !v.is_null());
        self.int_value(&[parent, field], v)
    }

    /// Checks a value against an enum, naming the permitted values as pydantic does.
    pub fn one_of(&mut self, field: &str, value: Option<String>, allowed: &[&str]) -> Option<String> {
        let v = value?;
        if allowed.contains(&v.as_str()) {
            Some(v)
        } else {
            let permitted = allowed
                .iter()
                .map(|a| format!("'{a}'"))
                .collect::<Vec<_>>()
                .join(", ");
            self.push(
                &[field],
                format!("value is not a valid enumeration member; permitted: {permitted}"),
                "type_error.enum",
            );
            None
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

/// Query parameters of a request, read leniently but answering 422 for values of the wrong type.
pub(crate) struct QueryArgs<'a> {
    map: &'a HashMap<String, String>,
    pub errors: Vec<ValidationItem>,
}

impl<'a> QueryArgs<'a> {
    pub fn new(map: &'a HashMap<String, String>) -> Self {
        QueryArgs {
            map,
            errors: Vec::new(),
        }
    }

    pub fn str(&self, name: &str) -> Option<&'a str> {
        self.map.get(name).map(String::as_str).filter(|s| !s.is_empty())
    }

    fn invalid(&mut self, name: &str, msg: &str, kind: &'static str) {
        self.errors.push(ValidationItem {
            loc: vec![json!("query"), json!(name)],
            msg: msg.into(),
            kind,
        });
    }

    pub fn int(&mut self, name: &str) -> Option<i64> {
        let raw = self.str(name)?;
        match raw.trim().parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.invalid(name, "value is not a valid integer", "type_error.integer");
                None
            }
        }
    }

    pub fn bool(&mut self, name: &str) -> Option<bool> {
        let raw = self.str(name)?;
        match raw.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Some(true),
            "false" | "0" | "no" | "off" => Some(false),
            _ => {
                self.invalid(name, "value could not be parsed to a boolean", "type_error.bool");
                None
            }
        }
    }

    pub fn float(&mut self, name: &str) -> Option<f64> {
        let raw = self.str(name)?;
        match raw.trim().parse::<f64>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.invalid(name, "value is not a valid float", "type_error.float");
                None
            }
        }
    }

    /// An integer that must lie in `lo..=hi` (pydantic `ge`/`le` constraints).
    pub fn int_in(&mut self, name: &str, lo: i64, hi: i64) -> Option<i64> {
        let n = self.int(name)?;
        if n < lo {
            self.invalid(
                name,
                &format!("ensure this value is greater than or equal to {lo}"),
                "value_error.number.not_ge",
            );
            None
        } else if n > hi {
            self.invalid(
                name,
                &format!("ensure this value is less than or equal to {hi}"),
                "value_error.number.not_le",
            );
            None
        } else {
            Some(n)
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

/// Page-number paging of the lists other than instances (docs/wire-decisions.md): 1-based `page`,
/// page size from `per_page` or `limit` (the client sends both), answer carries `total`.
pub(crate) struct PageArgs {
    pub page: usize,
    pub size: usize,
}

impl PageArgs {
    /// Reads `page`, `per_page`, `limit`; `default_size` applies when neither size is given.
    pub fn read(q: &mut QueryArgs<'_>, default_size: usize) -> Self {
        let page = q.int_in("page", 1, i64::from(u32::MAX)).unwrap_or(1);
        let per_page = q.int_in("per_page", 1, 1000);
        let limit = q.int_in("limit", 1, 1000);
        let size = per_page.or(limit).map_or(default_size, |n| n as usize);
        PageArgs {
            page: page as usize,
            size,
        }
    }

    /// The slice of `items` this page covers.
    pub fn apply<T: Clone>(&self, items: &[T]) -> Vec<T> {
        let start = (self.page - 1).saturating_mul(self.size);
        items.iter().skip(start).take(self.size).cloned().collect()
    }
}
