pub const S_SUMMARY: &str = "一、总体情况";
pub const S_COMPLETED: &str = "二、本月完成销号的问题";
pub const S_OVERDUE: &str = "三、逾期未完成的问题";
pub const S_WARNED: &str = "四、预警问题";
pub const S_LATE: &str = "五、未按时报送进展的单位";
pub const S_UNITS: &str = "六、各责任单位整改情况";
pub const S_ESCALATIONS: &str = "七、本月通报约谈等情况";
pub const NONE: &str = "本月无。";

pub const H_STATUS: [&str; 3] = ["整改状态", "问题数", "占比"];
pub const H_COMPLETED: [&str; 4] = ["序号", "问题编号", "反馈问题", "责任单位"];
pub const H_ITEMS: [&str; 6] = [
    "序号",
    "问题编号",
    "反馈问题",
    "责任单位",
    "整改时限",
    "情况",
];
pub const H_LATE: [&str; 3] = ["序号", "责任单位", "未报或迟报问题数"];
pub const H_UNITS: [&str; 7] = [
    "序号",
    "责任单位",
    "任务总数",
    "已销号",
    "推进中",
    "逾期",
    "按期完成率",
];
pub const H_ESCALATIONS: [&str; 4] = ["序号", "日期", "方式", "对象及事由"];
