//! The one catalogue of error codes. Every layer (domain rules, store,
//! importer, application, JSON API, pages, command line) reports a failure
//! as an [`Error`] carrying one of these stable codes; this file alone turns
//! a code into its Chinese and English message and its HTTP status, so the
//! same bad input reads the same everywhere.

use serde::Serialize;
use std::fmt;

/// A stable, specific error code. Scripts rely on the snake_case names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::IntoStaticStr, strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    // --- who may ask -----------------------------------------------------
    Unauthorized,
    LoginFailed,
    AccountLocked,
    Forbidden,
    BadOrigin,
    CsrfFailed,
    TooManyRequests,
    // --- the request itself ----------------------------------------------
    NotFound,
    RouteNotFound,
    MethodNotAllowed,
    MalformedJson,
    MalformedQuery,
    MalformedForm,
    JsonRequired,
    PayloadTooLarge,
    ImportTooLarge,
    // --- values ----------------------------------------------------------
    InvalidInput,
    PercentOutOfRange,
    TextEmpty,
    TextTooLong,
    PeriodInvalid,
    PeriodOutOfRange,
    DateInvalid,
    StatusUnknown,
    StepUnknown,
    DecisionUnknown,
    WarningLevelUnknown,
    EscalationKindUnknown,
    UnitUnknown,
    RoleUnknown,
    NoticeDaysOutOfRange,
    PasswordWeak,
    PasswordWrong,
    ImportUnreadable,
    EvidenceEmpty,
    EvidenceUnsupported,
    // --- rules of the procedure ------------------------------------------
    RejectionNeedsComment,
    ReasonRequired,
    StepNotAllowed,
    NoticeRunning,
    NoticeMissing,
    ObjectionsOpen,
    ObjectionClosed,
    SignedOffNoReports,
    ReportAlreadyAccepted,
    NotSignedOff,
    ConcurrentChange,
    AlreadyExists,
    CalendarYearMissing,
    Conflict,
    // --- the system ------------------------------------------------------
    Internal,
    Unavailable,
    // --- sign-off an office can defend (completion gate, duties) ---------
    SignoffIncomplete,
    OwnWorkVerify,
    EvidenceWithdrawn,
    SubProblemsOpen,
    // --- signed audit checkpoints (issue 10, audit trail) ----------------
    AuditKeyUnavailable,
    CheckpointInvalid,
    CheckpointForeignKey,
    // --- the 公示 notice and objections (issue 10) -------------------------
    ObjectionThrottled,
    ObjectionRepeated,
    ObjectionReferenceInvalid,
    ObjectionOutcomeUnknown,
    NoticeContactInvalid,
    // --- logins and input bounds (issue 10) -------------------------------
    /// Too many failed logins from one client address.
    LoginThrottled,
    /// A NUL, another control character or a bidirectional control in text.
    TextControlChar,
    /// Too many entries in a list (the per-measure progress, …).
    ListTooLong,
    // --- corrections after import (issue 11) --------------------------------
    /// A correction that changes nothing.
    NothingToCorrect,
    /// The problem number is already used in the plan.
    ProblemNumberTaken,
    /// A problem with reports or sign-off history cannot be merged away.
    MergeHasHistory,
    /// Split and merge work within one plan.
    OtherPlan,
    /// The plan is not on the portal yet: no public notice.
    PlanNotPublished,
    // --- the unit registry (issue 11) -------------------------------------
    /// A rename into the name of another registered unit: merge instead.
    UnitNameTaken,
    /// A unit merged into itself.
    UnitMergeSelf,
    // --- petitions (issue 12) ---------------------------------------------
    /// A handover list or hotline export that cannot be taken as it is.
    PetitionFileInvalid,
    /// 办结销号 refused: the gate's unmet conditions.
    PetitionClosureIncomplete,
    /// The petition is already closed.
    PetitionClosed,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The HTTP status this code answers with.
    pub fn http_status(self) -> u16 {
        use ErrorCode::*;
        match self {
            Unauthorized | LoginFailed => 401,
            Forbidden | BadOrigin | CsrfFailed => 403,
            NotFound | RouteNotFound => 404,
            MethodNotAllowed => 405,
            MalformedJson | MalformedQuery | MalformedForm => 400,
            JsonRequired => 415,
            PayloadTooLarge | ImportTooLarge => 413,
            AccountLocked | TooManyRequests | ObjectionThrottled | LoginThrottled => 429,
            ObjectionRepeated => 409,
            StepNotAllowed
            | NoticeRunning
            | ObjectionsOpen
            | ObjectionClosed
            | SignedOffNoReports
            | ReportAlreadyAccepted
            | NotSignedOff
            | ConcurrentChange
            | AlreadyExists
            | CalendarYearMissing
            | Conflict
            | SignoffIncomplete
            | EvidenceWithdrawn
            | SubProblemsOpen
            | ProblemNumberTaken
            | MergeHasHistory
            | PlanNotPublished
            | UnitNameTaken
            | PetitionClosureIncomplete
            | PetitionClosed => 409,
            OwnWorkVerify => 403,
            Internal => 500,
            Unavailable | AuditKeyUnavailable => 503,
            _ => 422,
        }
    }

    /// The message in Chinese and in English. `{}` marks where the error's
    /// detail goes, when it has one.
    pub fn messages(self) -> (&'static str, &'static str) {
        use ErrorCode::*;
        match self {
            Unauthorized => ("请先登录", "please log in"),
            LoginFailed => ("用户名或密码错误", "wrong username or password"),
            AccountLocked => (
                "登录失败次数过多，账户已锁定{}",
                "too many failed logins; the account is locked {}",
            ),
            Forbidden => (
                "您无权访问该内容或进行此操作",
                "you are not allowed to see this or do this",
            ),
            BadOrigin => ("跨站请求被拒绝", "cross-origin request refused"),
            CsrfFailed => (
                "表单已过期，请刷新页面后重试",
                "invalid or missing CSRF token; reload the page",
            ),
            TooManyRequests => ("请求过于频繁，请稍后再试", "too many requests; try later"),
            NotFound => (
                "未找到您要访问的内容，可能已被删除或地址有误",
                "the item was not found",
            ),
            RouteNotFound => ("没有这个地址：{}", "no such address: {}"),
            MethodNotAllowed => ("该地址不接受此请求方法", "method not allowed here"),
            MalformedJson => ("请求的 JSON 格式错误：{}", "malformed JSON body: {}"),
            MalformedQuery => ("查询参数格式错误：{}", "malformed query string: {}"),
            MalformedForm => ("表单内容格式错误", "malformed form body"),
            JsonRequired => (
                "请求须为 JSON（Content-Type: application/json）",
                "JSON body required (Content-Type: application/json)",
            ),
            PayloadTooLarge => ("上传内容过大：{}", "the upload is too large: {}"),
            ImportTooLarge => (
                "导入文件过大：{}",
                "the document to import is too large: {}",
            ),
            InvalidInput => ("{}", "{}"),
            PercentOutOfRange => (
                "完成进度须为0到100之间的整数",
                "the percentage must be a whole number from 0 to 100",
            ),
            TextEmpty => ("请填写{}", "{} must not be empty"),
            TextTooLong => ("内容过长：{}", "the text is too long: {}"),
            PeriodInvalid => (
                "报告期须为“年-月”，如 2026-11",
                "the period must be YYYY-MM, e.g. 2026-11",
            ),
            PeriodOutOfRange => (
                "报告期超出可报送范围：{}",
                "the period is outside the range that can be reported: {}",
            ),
            DateInvalid => ("日期须为 YYYY-MM-DD：{}", "the date must be YYYY-MM-DD: {}"),
            StatusUnknown => ("未知的整改状态", "unknown status"),
            StepUnknown => ("未知的销号步骤", "unknown sign-off step"),
            DecisionUnknown => (
                "请选择通过（approve）或退回（reject）",
                "decision must be approve or reject",
            ),
            WarningLevelUnknown => (
                "预警等级须为 yellow、orange 或 red",
                "warning must be yellow, orange or red",
            ),
            EscalationKindUnknown => ("请选择督办方式", "unknown kind of escalation"),
            UnitUnknown => ("未知的单位：{}", "unknown unit: {}"),
            RoleUnknown => ("未知的角色：{}", "unknown role: {}"),
            NoticeDaysOutOfRange => (
                "公示期须为1到30个工作日",
                "the notice lasts 1 to 30 working days",
            ),
            PasswordWeak => ("密码强度不足：{}", "the password is too weak: {}"),
            PasswordWrong => ("原密码不正确", "the current password is wrong"),
            ImportUnreadable => ("无法读取该文件：{}", "cannot read the document: {}"),
            EvidenceEmpty => ("文件为空", "the file is empty"),
            EvidenceUnsupported => ("{}", "{}"),
            RejectionNeedsComment => ("退回时必须填写意见", "a rejection needs a comment"),
            ReasonRequired => ("请说明原因", "a reason is required"),
            StepNotAllowed => (
                "当前状态下不能进行该步骤：{}",
                "this step is not allowed now: {}",
            ),
            NoticeRunning => (
                "公示期至{}结束，期满后方可核查",
                "the public notice runs until {}; verification only after it ends",
            ),
            NoticeMissing => ("缺少公示期", "the notice period is missing"),
            ObjectionsOpen => (
                "公示期间有{}件异议未处理，处理后方可核查",
                "{} objection(s) open; resolve them before verification",
            ),
            ObjectionClosed => (
                "该问题当前不接受异议",
                "this problem takes no objections now",
            ),
            SignedOffNoReports => (
                "问题已销号，不再报送进展",
                "the problem is signed off; no more reports",
            ),
            ReportAlreadyAccepted => (
                "该期报告已被采纳，不能修改",
                "this period's report was accepted and cannot be changed",
            ),
            NotSignedOff => (
                "只有已销号的问题才能重新打开",
                "only a signed-off problem can be reopened",
            ),
            ConcurrentChange => (
                "问题已被他人同时修改，请刷新后重试",
                "the problem was changed concurrently; reload and retry",
            ),
            AlreadyExists => ("记录已存在：{}", "record already exists: {}"),
            CalendarYearMissing => (
                "工作日历缺少该年度的节假日安排：{}",
                "the working-day calendar has no data for that year: {}",
            ),
            Conflict => ("操作未完成：{}", "not done: {}"),
            Internal => (
                "服务器内部错误，请稍后重试",
                "internal error, please try again later",
            ),
            Unavailable => ("数据库暂不可用，请稍后重试", "the database is unavailable"),
            SignoffIncomplete => (
                "尚未达到自查自验条件：{}",
                "not ready for the self-check: {}",
            ),
            OwnWorkVerify => (
                "责任单位不能核查验收本单位负责整改的问题",
                "a unit responsible for a problem cannot verify it",
            ),
            EvidenceWithdrawn => ("该材料已撤回", "this evidence was withdrawn"),
            SubProblemsOpen => (
                "该问题的子问题尚未全部销号：{}",
                "not every sub-problem is signed off yet: {}",
            ),
            AuditKeyUnavailable => (
                "审计签名密钥不可用：{}",
                "the audit signing key is unavailable: {}",
            ),
            CheckpointInvalid => ("检查点无效：{}", "invalid checkpoint: {}"),
            CheckpointForeignKey => (
                "检查点不是由本服务器的密钥签署的：{}",
                "the checkpoint was not signed with this server's key: {}",
            ),
            ObjectionThrottled => (
                "提交异议过于频繁，请稍后再试（{}）",
                "too many objections; try again later ({})",
            ),
            ObjectionRepeated => (
                "相同内容的异议已经提交过，请勿重复提交；可凭异议受理编号查询处理情况",
                "the same objection was already lodged; follow it with its reference number",
            ),
            ObjectionReferenceInvalid => (
                "异议受理编号格式有误，应如 YY20261201-7K3M9QX2TD",
                "the reference number is malformed; it looks like YY20261201-7K3M9QX2TD",
            ),
            ObjectionOutcomeUnknown => (
                "处理方式须为办结（resolved）或无效异议（spam）",
                "the outcome must be resolved or spam",
            ),
            NoticeContactInvalid => ("公示联系方式有误：{}", "invalid notice contact: {}"),
            LoginThrottled => (
                "登录失败次数过多，请稍后再试",
                "too many failed logins from this address; try again later",
            ),
            TextControlChar => (
                "{}含有不允许的控制字符",
                "{} contains a control character that is not allowed",
            ),
            ListTooLong => ("条目过多：{}", "too many entries: {}"),
            NothingToCorrect => (
                "更正内容与现有内容相同，未作更改",
                "the correction changes nothing",
            ),
            ProblemNumberTaken => (
                "该方案中已有编号相同的问题：{}",
                "the plan already has a problem with this number: {}",
            ),
            MergeHasHistory => (
                "被合并的问题已有进展报送、销号或证据记录，不能合并（可改为更正其内容）：{}",
                "the problem merged away already has reports, sign-off steps or evidence: {}",
            ),
            OtherPlan => (
                "只能拆分、合并同一方案中的问题",
                "split and merge work within one plan",
            ),
            PlanNotPublished => (
                "该方案尚未在门户网站发布，不能开始公示；请先核对并发布方案",
                "the plan is not published on the portal yet; publish it before a public notice",
            ),
            UnitNameTaken => (
                "已有名为“{}”的另一单位；如两者是同一单位，请使用“合并单位”（rectify unit merge）",
                "another unit is already named {}; if both are one unit, merge them (rectify unit merge)",
            ),
            UnitMergeSelf => (
                "不能将单位合并到其自身",
                "a unit cannot be merged into itself",
            ),
            PetitionFileInvalid => ("信访件清单有误：{}", "the petition list is invalid: {}"),
            PetitionClosureIncomplete => (
                "尚不具备办结销号条件，还须：{}",
                "the petition cannot be closed yet; still needed: {}",
            ),
            PetitionClosed => ("该信访件已办结", "the petition is already closed"),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure with its code and, where the message needs one, a detail
/// (a date, a count, a field name). Details of `Internal` errors are for the
/// log only and never shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub detail: Option<String>,
}

impl Error {
    pub fn new(code: ErrorCode) -> Error {
        Error { code, detail: None }
    }

    pub fn with(code: ErrorCode, detail: impl fmt::Display) -> Error {
        Error {
            code,
            detail: Some(detail.to_string()),
        }
    }

    fn fill(template: &str, detail: Option<&str>) -> String {
        match (template.contains("{}"), detail) {
            (true, Some(d)) => template.replace("{}", d),
            (true, None) if template == "{}" => "输入有误 / invalid input".into(),
            (true, None) => template
                .replace("：{}", "")
                .replace(": {}", "")
                .replace("{}", ""),
            (false, _) => template.to_string(),
        }
    }

    /// The detail shown to people: none for internal errors.
    fn public_detail(&self) -> Option<&str> {
        match self.code {
            ErrorCode::Internal | ErrorCode::Unavailable => None,
            _ => self.detail.as_deref(),
        }
    }

    /// A detail written "中文 / English" gives each message its own half.
    fn detail_in(&self, english: bool) -> Option<&str> {
        self.public_detail().map(|d| match d.split_once(" / ") {
            Some((zh, en)) => {
                if english {
                    en.trim()
                } else {
                    zh.trim()
                }
            }
            None => d,
        })
    }

    pub fn message_zh(&self) -> String {
        Self::fill(self.code.messages().0, self.detail_in(false))
    }

    pub fn message_en(&self) -> String {
        Self::fill(self.code.messages().1, self.detail_in(true))
    }

    /// "中文 / English", for logs, stderr and the JSON envelope.
    pub fn message(&self) -> String {
        format!("{} / {}", self.message_zh(), self.message_en())
    }

    pub fn http_status(&self) -> u16 {
        self.code.http_status()
    }
}

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Error {
        Error::new(code)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_code_has_both_messages_and_a_status() {
        for code in ErrorCode::iter() {
            let (zh, en) = code.messages();
            assert!(!zh.is_empty() && !en.is_empty(), "{code}");
            assert!(
                zh.chars().any(|c| c as u32 > 0x2e80) || zh == "{}",
                "{code}: {zh}"
            );
            assert!((400..600).contains(&code.http_status()), "{code}");
        }
    }

    #[test]
    fn codes_are_snake_case_and_distinct() {
        let names: std::collections::HashSet<_> = ErrorCode::iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::iter().count());
        assert_eq!(
            ErrorCode::PercentOutOfRange.as_str(),
            "percent_out_of_range"
        );
        assert_eq!(ErrorCode::ImportTooLarge.http_status(), 413);
    }

    #[test]
    fn details_fill_the_message_but_never_for_internal_errors() {
        let e = Error::with(ErrorCode::NoticeRunning, "2026-11-30");
        assert_eq!(
            e.message(),
            "公示期至2026-11-30结束，期满后方可核查 / the public notice runs until 2026-11-30; verification only after it ends"
        );
        let i = Error::with(ErrorCode::Internal, "password=secret");
        assert!(!i.message().contains("secret"));
        assert_eq!(
            Error::new(ErrorCode::ImportTooLarge).message_zh(),
            "导入文件过大"
        );
    }
}
