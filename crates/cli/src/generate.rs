//! `rectify dev generate`: a synthetic but realistic ledger at scale, for
//! benchmarks and load tests. Everything goes through the `Store` trait, so it
//! works on SQLite and PostgreSQL alike.
//!
//! What it writes, deterministically for a given `--seed` (and a given
//! "today": `RECTIFY_TODAY` or the date in China):
//!
//! - several plans (provincial and central inspections) for jurisdictions with
//!   GB/T 2260 names and codes (市, 县, 区, 县级市), each imported with one
//!   `import_plan` call (one transaction per plan);
//! - problems composed from realistic fragments (大气, 水, 土壤, 固废, 生态,
//!   督察整改), with targets, 2–6 measures, deadlines spread over years (dated,
//!   立行立改, 持续推进, milestones), 1–3 units from a pool of ~60 unit names and
//!   leaders from a pool;
//! - `M` monthly progress reports per problem with an increasing percentage,
//!   some submitted late, the reports of signed-off problems accepted;
//! - sign-offs at every stage for a share of problems (public notice computed
//!   on the official working-day calendar), a rejection now and then,
//!   objections during a notice, escalations on problems and on units, a
//!   look-back campaign (回头看) with a rebound, and the warnings computed by the
//!   same rules as the server's.
//!
//! Petitions (`--petitions`) are accepted but skipped until a petition store
//! exists.

use anyhow::{anyhow, bail, Context, Result};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use clap::Subcommand;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rectify_domain::inspection::{Inspection, InspectionLevel};
use rectify_domain::PlanMeta;
use rectify_domain::{
    evaluate, CategoryDraft, DeadlineSpec, Decision, Liaison, MeasureDraft, Person, PlanDraft,
    ProblemDraft, ProblemFacts, ReportPeriod, SignoffStep, SourceInfo, SourceSpan, UnitAssignment,
    UnitRole, WarningThresholds, WorkCalendar, PLAN_FORMAT,
};
use rectify_store::{
    ComputedWarning, LookbackSelection, NewEscalation, NewObjection, NewProgressReport,
    ProblemFilter, ProgressReview, SignoffRequest, Store,
};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

#[derive(Subcommand)]
pub enum DevCommand {
    /// Writes a synthetic ledger at scale (for benchmarks and load tests)
    Generate {
        /// How many problems in all (spread over several plans)
        #[arg(long)]
        problems: usize,
        /// Monthly progress reports per problem
        #[arg(long, default_value_t = 3)]
        reports_per_problem: usize,
        /// Petitions (交办信访件): skipped until the petition store exists
        #[arg(long, default_value_t = 0)]
        petitions: usize,
        /// Seed of the random generator: the same seed gives the same ledger
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// sqlite:PATH, sqlite://PATH or postgres://… (an empty ledger)
        #[arg(long)]
        db: String,
    },
}

pub async fn run(command: DevCommand) -> Result<i32> {
    match command {
        DevCommand::Generate {
            problems,
            reports_per_problem,
            petitions,
            seed,
            db,
        } => {
            let args = crate::DbArgs {
                db: Some(db),
                data: "data".into(),
            };
            let store = crate::open_store(&args).await?;
            let today = crate::today_override()?
                .unwrap_or_else(|| (Utc::now() + Duration::hours(8)).date_naive());
            let opts = Options {
                problems,
                reports_per_problem,
                petitions,
                seed,
                today,
            };
            let counts = generate(store.as_ref(), &opts).await?;
            counts.print();
            Ok(0)
        }
    }
}

/// What to generate.
pub struct Options {
    pub problems: usize,
    pub reports_per_problem: usize,
    pub petitions: usize,
    pub seed: u64,
    pub today: NaiveDate,
}

/// What was written, and how long it took.
#[derive(Default, Debug)]
pub struct Counts {
    pub plans: usize,
    pub categories: usize,
    pub problems: usize,
    pub measures: usize,
    pub units: usize,
    pub reports: usize,
    pub reviews: usize,
    pub signoff_steps: usize,
    pub signed_off: usize,
    pub in_notice: usize,
    pub objections: usize,
    pub escalations: usize,
    pub lookback_items: usize,
    pub rebounds: usize,
    pub warnings_raised: usize,
    pub petitions_requested: usize,
    pub phases: Vec<(&'static str, f64)>,
    pub elapsed: f64,
}

impl Counts {
    fn print(&self) {
        println!("合成台账已生成 / synthetic ledger generated:");
        let rows: [(&str, usize); 15] = [
            ("方案 plans", self.plans),
            ("问题类别 categories", self.categories),
            ("问题 problems", self.problems),
            ("整改措施 measures", self.measures),
            ("责任单位 units", self.units),
            ("进展报告 progress reports", self.reports),
            ("报告审核 report reviews", self.reviews),
            ("销号步骤 sign-off steps", self.signoff_steps),
            ("已销号 signed off", self.signed_off),
            ("公示中 in public notice", self.in_notice),
            ("异议 objections", self.objections),
            ("督办措施 escalations", self.escalations),
            ("回头看 look-back items", self.lookback_items),
            ("反弹 rebounds", self.rebounds),
            ("预警 warnings raised", self.warnings_raised),
        ];
        for (name, n) in rows {
            println!("  {name:<28} {n}");
        }
        if self.petitions_requested > 0 {
            println!(
                "  信访件 petitions             0（已跳过：信访件存储尚未实现 / skipped: {} requested, there is no petition store yet）",
                self.petitions_requested
            );
        }
        for (name, secs) in &self.phases {
            println!("  耗时 / time {name:<18} {secs:.2} s");
        }
        println!("  总耗时 / elapsed              {:.2} s", self.elapsed);
    }
}

// --- vocabulary ------------------------------------------------------------

/// A jurisdiction (GB/T 2260 code and name) and the places inside it.
struct Jurisdiction {
    code: &'static str,
    name: &'static str,
    places: &'static [&'static str],
}

const JURISDICTIONS: &[Jurisdiction] = &[
    Jurisdiction {
        code: "430400",
        name: "衡阳市",
        places: &[
            "衡阳县",
            "衡南县",
            "衡山县",
            "衡东县",
            "祁东县",
            "耒阳市",
            "常宁市",
            "珠晖区",
            "雁峰区",
            "石鼓区",
            "蒸湘区",
            "南岳区",
        ],
    },
    Jurisdiction {
        code: "430700",
        name: "常德市",
        places: &[
            "武陵区",
            "鼎城区",
            "安乡县",
            "汉寿县",
            "澧县",
            "临澧县",
            "桃源县",
            "石门县",
            "津市市",
        ],
    },
    Jurisdiction {
        code: "430600",
        name: "岳阳市",
        places: &[
            "岳阳楼区",
            "云溪区",
            "君山区",
            "岳阳县",
            "华容县",
            "湘阴县",
            "平江县",
            "汨罗市",
            "临湘市",
        ],
    },
    Jurisdiction {
        code: "430100",
        name: "长沙市",
        places: &[
            "芙蓉区",
            "天心区",
            "岳麓区",
            "开福区",
            "雨花区",
            "望城区",
            "长沙县",
            "浏阳市",
            "宁乡市",
        ],
    },
    Jurisdiction {
        code: "430200",
        name: "株洲市",
        places: &[
            "荷塘区",
            "芦淞区",
            "石峰区",
            "天元区",
            "渌口区",
            "攸县",
            "茶陵县",
            "炎陵县",
            "醴陵市",
        ],
    },
    Jurisdiction {
        code: "430300",
        name: "湘潭市",
        places: &["雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市"],
    },
    Jurisdiction {
        code: "430500",
        name: "邵阳市",
        places: &[
            "双清区",
            "大祥区",
            "北塔区",
            "新邵县",
            "邵阳县",
            "隆回县",
            "洞口县",
            "绥宁县",
            "新宁县",
            "武冈市",
            "邵东市",
        ],
    },
    Jurisdiction {
        code: "430900",
        name: "益阳市",
        places: &["资阳区", "赫山区", "南县", "桃江县", "安化县", "沅江市"],
    },
    Jurisdiction {
        code: "431000",
        name: "郴州市",
        places: &[
            "北湖区",
            "苏仙区",
            "桂阳县",
            "宜章县",
            "永兴县",
            "嘉禾县",
            "临武县",
            "汝城县",
            "资兴市",
        ],
    },
    Jurisdiction {
        code: "431100",
        name: "永州市",
        places: &[
            "零陵区",
            "冷水滩区",
            "东安县",
            "双牌县",
            "道县",
            "江永县",
            "宁远县",
            "蓝山县",
            "祁阳市",
        ],
    },
    Jurisdiction {
        code: "431200",
        name: "怀化市",
        places: &[
            "鹤城区",
            "中方县",
            "沅陵县",
            "辰溪县",
            "溆浦县",
            "会同县",
            "麻阳苗族自治县",
            "洪江市",
        ],
    },
    Jurisdiction {
        code: "431300",
        name: "娄底市",
        places: &["娄星区", "双峰县", "新化县", "冷水江市", "涟源市"],
    },
    Jurisdiction {
        code: "430800",
        name: "张家界市",
        places: &["永定区", "武陵源区", "慈利县", "桑植县"],
    },
    Jurisdiction {
        code: "433100",
        name: "湘西土家族苗族自治州",
        places: &[
            "吉首市",
            "泸溪县",
            "凤凰县",
            "花垣县",
            "保靖县",
            "古丈县",
            "永顺县",
            "龙山县",
        ],
    },
    Jurisdiction {
        code: "430481",
        name: "耒阳市",
        places: &[
            "蔡子池街道",
            "水东江街道",
            "灶市街街道",
            "新市镇",
            "公平圩镇",
            "大市镇",
        ],
    },
    Jurisdiction {
        code: "430422",
        name: "衡南县",
        places: &["云集街道", "三塘镇", "车江镇", "茶市镇", "松江镇", "江口镇"],
    },
    Jurisdiction {
        code: "430723",
        name: "澧县",
        places: &[
            "澧阳街道",
            "澧澹街道",
            "城头山镇",
            "王家厂镇",
            "盐井镇",
            "码头铺镇",
        ],
    },
    Jurisdiction {
        code: "430681",
        name: "汨罗市",
        places: &["汨罗镇", "新市镇", "白水镇", "罗江镇", "屈子祠镇"],
    },
    Jurisdiction {
        code: "430181",
        name: "浏阳市",
        places: &[
            "淮川街道",
            "集里街道",
            "大瑶镇",
            "永安镇",
            "社港镇",
            "官渡镇",
        ],
    },
    Jurisdiction {
        code: "430104",
        name: "岳麓区",
        places: &[
            "望月湖街道",
            "观沙岭街道",
            "坪塘街道",
            "含浦街道",
            "莲花镇",
            "雨敞坪镇",
        ],
    },
    Jurisdiction {
        code: "430602",
        name: "岳阳楼区",
        places: &["洞庭街道", "岳阳楼街道", "城陵矶街道", "郭镇乡"],
    },
    Jurisdiction {
        code: "430382",
        name: "韶山市",
        places: &["清溪镇", "银田镇", "韶山乡", "杨林乡"],
    },
    Jurisdiction {
        code: "431081",
        name: "资兴市",
        places: &["唐洞街道", "东江街道", "兴宁镇", "三都镇", "清江镇"],
    },
    Jurisdiction {
        code: "433101",
        name: "吉首市",
        places: &["乾州街道", "峒河街道", "矮寨镇", "河溪镇", "马颈坳镇"],
    },
];

/// Inspection rounds: (year of the feedback, inspection group, central?).
const ROUNDS: &[(i32, &str)] = &[
    (2018, "湖南省第一环境保护督察组"),
    (2018, "中央第六环境保护督察组“回头看”"),
    (2019, "湖南省第二环境保护督察组"),
    (2020, "湖南省第三生态环境保护督察组"),
    (2021, "中央第六生态环境保护督察组"),
    (2022, "湖南省第四生态环境保护督察组"),
    (2023, "湖南省第五生态环境保护督察组"),
    (2024, "中央第三生态环境保护督察组"),
];

/// City-level units (about 60), as the plans write them.
const UNITS: &[&str] = &[
    "市生态环境局",
    "市发展和改革委员会",
    "市工业和信息化局",
    "市自然资源和规划局",
    "市住建局",
    "市城市管理和综合执法局",
    "市交通运输局",
    "市水利局",
    "市农业农村局",
    "市林业局",
    "市商务局",
    "市卫生健康委员会",
    "市应急管理局",
    "市市场监督管理局",
    "市公安局",
    "市财政局",
    "市教育局",
    "市文化旅游广电体育局",
    "市国资委",
    "市科学技术局",
    "市司法局",
    "市审计局",
    "市统计局",
    "市气象局",
    "市政府督查室",
    "市委办",
    "市政府办",
    "市委宣传部",
    "市委组织部",
    "市纪委监委",
    "市委督查室",
    "市生态环境保护委员会办公室",
    "市畜牧水产事务中心",
    "市经开区管委会",
    "市高新区管委会",
    "市城发集团",
    "市水务投资集团",
    "市行政审批服务局",
    "市医疗保障局",
    "市供销合作社",
    "市粮食和物资储备局",
    "市能源局",
    "市人民防空办公室",
    "市地方金融监督管理局",
    "市中级人民法院",
    "市人民检察院",
    "市机关事务管理局",
    "市退役军人事务局",
    "市民政局",
    "市人力资源和社会保障局",
    "市乡村振兴局",
    "市湘江保护协调委员会办公室",
    "市洞庭湖生态环境保护中心",
    "市园林局",
    "市城乡规划委员会办公室",
    "市综合交通枢纽建设指挥部",
    "市土地储备中心",
    "市环境监测中心站",
    "国网市供电公司",
    "各县市区人民政府",
];

const SUPERVISING: &[&str] = &[
    "市生态环境局",
    "市政府督查室",
    "市委督查室",
    "市生态环境保护委员会办公室",
    "市纪委监委",
];

const LEADERS: &[&str] = &[
    "包昌林",
    "王建国",
    "刘志强",
    "陈晓东",
    "张卫平",
    "李红梅",
    "周立新",
    "吴海军",
    "邓文斌",
    "谭建华",
    "罗光明",
    "彭德怀",
    "曾庆丰",
    "蒋立群",
    "唐春华",
    "胡小兵",
    "龙国庆",
    "肖卫东",
    "贺湘平",
    "黄志刚",
    "廖秋云",
    "易中华",
    "欧阳明",
    "颜晓峰",
    "向东升",
    "戴永红",
    "钟海涛",
    "毛建军",
    "汤红卫",
    "文国栋",
];

const PEOPLE: &[&str] = &[
    "赵志超",
    "黄欣",
    "李明",
    "王芳",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "周婷",
    "吴斌",
    "孙涛",
    "朱丽",
    "马超",
    "胡军",
    "郭敏",
    "何平",
    "高峰",
    "林涛",
    "罗琳",
    "梁宇",
    "宋佳",
    "郑伟",
    "谢娟",
    "韩冰",
];

const TITLES: &[&str] = &[
    "局长",
    "副局长",
    "主任",
    "副主任",
    "县长",
    "副县长",
    "区长",
    "党组书记",
    "总工程师",
];

#[derive(Clone, Copy)]
enum Domain {
    Air,
    Water,
    Soil,
    Solid,
    Eco,
    Duty,
}

const DOMAINS: [Domain; 6] = [
    Domain::Air,
    Domain::Water,
    Domain::Soil,
    Domain::Solid,
    Domain::Eco,
    Domain::Duty,
];

struct Vocab {
    categories: &'static [&'static str],
    subjects: &'static [&'static str],
    issues: &'static [&'static str],
    facts: &'static [&'static str],
    targets: &'static [&'static str],
    measures: &'static [&'static str],
    units: &'static [&'static str],
}

fn vocab(d: Domain) -> Vocab {
    match d {
        Domain::Air => Vocab {
            categories: &[
                "关于大气污染防治工作推进不力的问题",
                "关于大气环境质量改善不明显的问题",
                "关于工业企业大气污染治理不到位的问题",
            ],
            subjects: &[
                "部分砖瓦窑企业",
                "多家水泥企业",
                "城区餐饮服务单位",
                "渣土运输车辆",
                "部分建筑工地",
                "钢铁企业",
                "燃煤锅炉",
                "部分石材加工企业",
                "烟花爆竹生产企业",
                "加油站油气回收设施",
            ],
            issues: &[
                "未按要求安装在线监测设施",
                "脱硫脱硝设施不正常运行",
                "无组织排放问题突出",
                "抛洒滴漏现象普遍",
                "油烟净化设施缺失或未正常使用",
                "扬尘防治“六个百分之百”落实不到位",
                "超标排放问题长期存在",
                "淘汰任务未按期完成",
            ],
            facts: &[
                "PM2.5年均浓度同比上升{p}%",
                "空气质量优良天数比例同比下降{n}个百分点",
                "督察期间现场检查{n}家企业，{k}家存在违法排污行为",
                "群众投诉{n}件，多次反映刺激性气味",
                "{n}台燃煤小锅炉仍未淘汰",
            ],
            targets: &[
                "{place}PM2.5年均浓度达到省定考核目标，优良天数比例稳步提升",
                "涉气企业全部稳定达标排放，无组织排放得到有效管控",
                "建筑工地和道路扬尘得到有效控制，群众投诉明显减少",
                "完成燃煤锅炉淘汰任务，建成区基本消除黑烟囱",
            ],
            measures: &[
                "开展涉气企业专项执法检查，对超标排放企业依法查处",
                "督促企业完成脱硫脱硝设施提标改造并安装在线监测设备，与生态环境部门联网",
                "严格落实建筑工地扬尘防治“六个百分之百”要求，实行渣土车辆密闭运输",
                "对城区餐饮服务单位油烟净化设施安装使用情况开展全面排查整治",
                "制定燃煤锅炉淘汰工作方案，实行清单化管理、销号式推进",
                "加强重污染天气应急管控，落实错峰生产措施",
                "建立大气污染防治网格化监管机制，压实属地责任",
            ],
            units: &[
                "市生态环境局",
                "市住建局",
                "市城市管理和综合执法局",
                "市工业和信息化局",
                "市交通运输局",
                "市公安局",
                "市市场监督管理局",
            ],
        },
        Domain::Water => Vocab {
            categories: &[
                "关于水污染防治工作不到位的问题",
                "关于黑臭水体治理滞后的问题",
                "关于饮用水水源地保护不力的问题",
            ],
            subjects: &[
                "城区污水处理厂",
                "部分乡镇污水处理设施",
                "工业园区污水集中处理设施",
                "城区黑臭水体",
                "集中式饮用水水源保护区",
                "规模化畜禽养殖场",
                "入河排污口",
                "部分造纸企业",
                "老城区雨污管网",
            ],
            issues: &[
                "长期超负荷运行，出水水质不能稳定达标",
                "建成后未正常运行",
                "配套管网建设严重滞后，污水收集率低",
                "治理进展缓慢，返黑返臭问题突出",
                "保护区内违法建设项目未清理到位",
                "粪污直排问题突出",
                "未经审批擅自设置",
                "雨污混流问题突出",
            ],
            facts: &[
                "化学需氧量超标{k}倍",
                "氨氮浓度超过地表水Ⅲ类标准{k}倍",
                "日均{n}千吨生活污水直排{river}",
                "{river}断面水质由Ⅲ类下降为Ⅳ类",
                "{n}个乡镇污水处理厂中仅{k}个正常运行",
            ],
            targets: &[
                "{river}断面水质稳定达到Ⅲ类标准",
                "城区黑臭水体全面消除，长治久清",
                "污水处理厂出水稳定达到一级A排放标准，污水集中收集率达到{p}%以上",
                "饮用水水源保护区违法问题全部清理整治到位，水质达标率100%",
            ],
            measures: &[
                "加快污水处理厂提标改造和扩建工程建设",
                "推进城区雨污分流和截污纳管工程，消除管网空白区",
                "对入河排污口开展排查溯源，实行“一口一策”整治",
                "清理整治饮用水水源保护区内违法建设项目",
                "实施黑臭水体清淤疏浚、生态补水和岸线整治",
                "督促规模化畜禽养殖场配套建设粪污处理设施",
                "建立河长制巡河问题清单，实行闭环管理",
            ],
            units: &[
                "市生态环境局",
                "市住建局",
                "市水利局",
                "市农业农村局",
                "市水务投资集团",
                "市城市管理和综合执法局",
                "市畜牧水产事务中心",
            ],
        },
        Domain::Soil => Vocab {
            categories: &[
                "关于土壤和重金属污染防治不力的问题",
                "关于历史遗留重金属污染治理推进缓慢的问题",
            ],
            subjects: &[
                "部分涉重金属企业",
                "历史遗留矿区",
                "关闭搬迁企业遗留场地",
                "部分受污染耕地",
                "尾矿库",
                "冶炼废渣堆场",
            ],
            issues: &[
                "土壤污染风险管控措施落实不到位",
                "治理修复工程进展缓慢",
                "未开展土壤污染状况调查即开发利用",
                "安全利用和严格管控措施未落实",
                "渗滤液收集处理设施不完善",
                "防渗措施缺失，存在重金属污染隐患",
            ],
            facts: &[
                "周边农田镉含量超过风险筛选值{k}倍",
                "堆存废渣约{n}万吨",
                "{n}个重点监管单位未完成隐患排查",
                "受污染耕地安全利用率仅为{p}%",
            ],
            targets: &[
                "受污染耕地安全利用率和污染地块安全利用率均达到省定目标",
                "历史遗留废渣得到安全处置，重金属污染风险得到有效管控",
                "重点监管单位全部完成土壤污染隐患排查并落实整改",
            ],
            measures: &[
                "开展重点行业企业用地土壤污染状况调查",
                "实施历史遗留废渣治理工程，完成安全处置",
                "落实受污染耕地安全利用和严格管控措施",
                "建立污染地块名录及开发利用负面清单",
                "督促重点监管单位开展土壤污染隐患排查并整改",
            ],
            units: &[
                "市生态环境局",
                "市自然资源和规划局",
                "市农业农村局",
                "市工业和信息化局",
                "市财政局",
            ],
        },
        Domain::Solid => Vocab {
            categories: &[
                "关于固体废物处置不规范的问题",
                "关于垃圾处理设施建设运营滞后的问题",
            ],
            subjects: &[
                "生活垃圾填埋场",
                "医疗废物集中处置中心",
                "部分危险废物产生单位",
                "建筑垃圾消纳场",
                "工业固体废物堆场",
                "餐厨垃圾处理项目",
                "生活垃圾焚烧发电项目",
            ],
            issues: &[
                "渗滤液处理能力不足，超标排放",
                "超期超量贮存危险废物",
                "非法倾倒问题突出",
                "建设进度严重滞后",
                "未按要求建立管理台账",
                "覆盖不及时，臭气扰民",
            ],
            facts: &[
                "渗滤液积存约{n}万立方米",
                "督察发现非法倾倒点{n}处",
                "超期贮存危险废物{n}吨",
                "日处理能力缺口约{n}吨",
            ],
            targets: &[
                "生活垃圾无害化处理率达到100%，渗滤液稳定达标排放",
                "危险废物全部规范贮存、依法处置",
                "非法倾倒点全部清理到位，建立长效监管机制",
                "垃圾处理项目建成投运",
            ],
            measures: &[
                "实施渗滤液应急处理和处理站扩容改造",
                "开展危险废物规范化管理专项检查",
                "清理整治非法倾倒点并追究相关责任",
                "加快生活垃圾焚烧发电项目建设",
                "建立建筑垃圾全过程监管制度",
            ],
            units: &[
                "市城市管理和综合执法局",
                "市生态环境局",
                "市卫生健康委员会",
                "市住建局",
                "市发展和改革委员会",
                "市城发集团",
            ],
        },
        Domain::Eco => Vocab {
            categories: &[
                "关于自然保护地和生态保护红线监管不严的问题",
                "关于生态破坏问题整治不到位的问题",
            ],
            subjects: &[
                "自然保护区核心区",
                "风景名胜区",
                "部分砂石开采企业",
                "洞庭湖区欧美黑杨",
                "小水电站",
                "废弃矿山",
                "湿地公园",
            ],
            issues: &[
                "违规建设旅游设施",
                "非法采砂问题屡禁不止",
                "生态修复工作推进缓慢",
                "未按要求下泄生态流量",
                "违规侵占生态保护红线",
                "清理整治工作不彻底",
            ],
            facts: &[
                "违规占用林地约{n}亩",
                "{n}座小水电站未安装生态流量监测设施",
                "{n}处废弃矿山未完成生态修复",
                "{n}个违法违规项目未清理到位",
            ],
            targets: &[
                "自然保护地内违法违规问题全部整改到位",
                "完成废弃矿山生态修复，恢复植被",
                "生态流量全部落实并实现在线监控",
                "生态保护红线内违法违规项目全部退出",
            ],
            measures: &[
                "开展自然保护地“绿盾”专项行动，建立问题清单",
                "依法拆除违规建设设施并实施生态修复",
                "对小水电站实施分类整改，落实生态流量下泄",
                "开展河道非法采砂专项整治",
                "编制废弃矿山生态修复方案并组织实施",
            ],
            units: &[
                "市林业局",
                "市自然资源和规划局",
                "市水利局",
                "市生态环境局",
                "市文化旅游广电体育局",
                "市洞庭湖生态环境保护中心",
            ],
        },
        Domain::Duty => Vocab {
            categories: &[
                "关于生态环境保护责任落实不到位的问题",
                "关于督察整改推进不力的问题",
                "关于环境保护工作推进落实不够有力问题",
            ],
            subjects: &[
                "少数县（市、区）领导干部",
                "部分职能部门",
                "部分县市区党委政府",
                "个别乡镇",
                "部分园区管委会",
            ],
            issues: &[
                "政治站位不高，对生态环境保护重视不够",
                "“党政同责、一岗双责”落实不到位",
                "上轮督察整改存在表面整改、敷衍整改问题",
                "环境监管执法宽松软",
                "生态环境保护考核问责流于形式",
                "整改销号把关不严",
            ],
            facts: &[
                "上轮督察交办的{n}个问题中有{k}个未按期完成",
                "{n}个已销号问题出现反弹",
                "近三年仅问责{k}人",
                "群众信访举报重复率达{p}%",
            ],
            targets: &[
                "生态环境保护责任全面压实，督察整改任务按期完成",
                "建立健全整改长效机制，杜绝敷衍整改、表面整改",
                "环境监管执法力度明显加强",
            ],
            measures: &[
                "召开专题会议传达学习督察反馈意见，研究部署整改工作",
                "将督察整改纳入绩效考核，实行月调度、季通报",
                "对整改不力的单位和个人依法依规严肃问责",
                "建立整改销号审核把关机制，实行“谁销号谁负责”",
                "组织开展“回头看”，防止问题反弹",
            ],
            units: &[
                "市委办",
                "市政府办",
                "市委组织部",
                "市纪委监委",
                "市政府督查室",
                "市委督查室",
                "市生态环境保护委员会办公室",
                "各县市区人民政府",
            ],
        },
    }
}

const RIVERS: &[&str] = &[
    "湘江",
    "资江",
    "沅江",
    "澧水",
    "耒水",
    "蒸水",
    "舂陵水",
    "洣水",
    "浏阳河",
    "捞刀河",
    "涟水",
    "汨罗江",
    "新墙河",
];
const PLACE_SUFFIXES: &[&str] = &["", "工业园区", "城区", "经济开发区", "境内", "城乡结合部"];
const PREFIXES: &[&str] = &[
    "",
    "",
    "督察发现，",
    "督察组现场检查发现，",
    "群众反映强烈，",
    "督察期间，",
];
const TAILS: &[&str] = &[
    "",
    "",
    "整改进展缓慢。",
    "群众多次投诉。",
    "存在较大环境风险。",
    "长期未得到有效解决。",
];
const GENERIC_MEASURES: &[&str] = &[
    "建立健全长效监管机制，定期开展专项督查",
    "实行整改清单化管理，明确责任单位、责任人和完成时限",
    "加强日常巡查和在线监控，发现问题及时处置",
    "加大信息公开力度，接受社会监督",
];
const NEXT_STEPS: &[&str] = &[
    "加快剩余工程建设进度",
    "加强督导检查，确保按期完成",
    "组织开展自查自验，准备销号材料",
    "完善长效机制，防止问题反弹",
    "协调解决资金和用地问题",
];
const NUM: &[&str] = &["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 14 → 十四, 123 → 一百二十三 (up to 9999).
fn zh_number(n: u32) -> String {
    if n == 0 {
        return NUM[0].to_string();
    }
    let digit = |d: u32| NUM[d as usize % 10];
    let (q, b, s, g) = (n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10);
    let mut out = String::new();
    if q > 0 {
        out.push_str(digit(q));
        out.push('千');
    }
    if b > 0 {
        out.push_str(digit(b));
        out.push('百');
    } else if q > 0 && (s > 0 || g > 0) {
        out.push('〇');
    }
    if s > 0 {
        if !(s == 1 && n < 20) {
            out.push_str(digit(s));
        }
        out.push('十');
    } else if (q > 0 || b > 0) && g > 0 && !out.ends_with('〇') {
        out.push('〇');
    }
    if g > 0 {
        out.push_str(digit(g));
    }
    out
}

fn pick<'a, T: ?Sized>(rng: &mut StdRng, items: &'a [&'a T]) -> &'a T {
    items[rng.gen_range(0..items.len())]
}

/// Replaces `{n}`, `{k}`, `{p}`, `{river}`, `{place}` in a fragment.
fn fill(rng: &mut StdRng, s: &str, place: &str) -> String {
    let n = rng.gen_range(3..60u32);
    let k = rng.gen_range(2..=n.clamp(2, 12));
    let p = rng.gen_range(12..95u32);
    s.replace("{n}", &n.to_string())
        .replace("{k}", &k.to_string())
        .replace("{p}", &p.to_string())
        .replace("{river}", pick(rng, RIVERS))
        .replace("{place}", place)
}

// --- dates -------------------------------------------------------------------

/// Months as one number: year * 12 + month0.
fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn ym(index: i32) -> (i32, u32) {
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

fn month_day(index: i32, day: u32) -> Result<NaiveDate> {
    let (y, m) = ym(index);
    let last = month_end(index)?.day();
    NaiveDate::from_ymd_opt(y, m, day.min(last)).ok_or_else(|| anyhow!("bad date {y}-{m}-{day}"))
}

fn month_end(index: i32) -> Result<NaiveDate> {
    let (y, m) = ym(index + 1);
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| anyhow!("bad month {index}"))
}

fn period(index: i32) -> String {
    let (y, m) = ym(index);
    format!("{y:04}-{m:02}")
}

/// A dated deadline phrase for the end of month `index`.
fn date_phrase(rng: &mut StdRng, index: i32) -> String {
    let (y, m) = ym(index);
    match (m, rng.gen_range(0..4)) {
        (12, 0 | 1) => format!("{y}年底前"),
        (12, 2) => format!("{y}年12月31日前"),
        (6, 0) => format!("{y}年上半年"),
        _ => format!("{y}年{m}月底前"),
    }
}

/// A deadline wording and its structure (through the real deadline grammar,
/// so the stored spec always matches its text).
fn deadline(rng: &mut StdRng, start_month: i32) -> DeadlineSpec {
    let due = start_month + rng.gen_range(3..=48);
    let text = match rng.gen_range(0..100) {
        0..=39 => format!("{}完成", date_phrase(rng, due)),
        40..=54 => {
            let first = start_month + rng.gen_range(1..=(due - start_month).max(2) - 1);
            format!(
                "{}完成摸底排查，{}全面完成整改",
                date_phrase(rng, first),
                date_phrase(rng, due)
            )
        }
        55..=66 => "立行立改".to_string(),
        67..=74 => "立行立改、持续推进".to_string(),
        75..=84 => pick(rng, &["持续推进", "长期坚持", "持续整改、长期坚持"]).to_string(),
        85..=92 => format!("立行立改，{}完成", date_phrase(rng, due)),
        _ => format!("{}完成并长期坚持", date_phrase(rng, due)),
    };
    DeadlineSpec::parse(&text).0
}

fn utc_at(d: NaiveDate, hour: u32) -> DateTime<Utc> {
    // Office hours in China (UTC+8).
    let h = hour.saturating_sub(8);
    d.and_hms_opt(h, minute_of(d), 0)
        .map(|t| Utc.from_utc_datetime(&t))
        .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)))
}

fn minute_of(d: NaiveDate) -> u32 {
    (d.ordinal() * 7) % 60
}

// --- plans ---------------------------------------------------------------------

/// The draft of one plan and what the later phases need about its problems.
struct PlanGen {
    draft: PlanDraft,
    /// The month the plan was issued (month index).
    issued: i32,
    jurisdiction: &'static Jurisdiction,
}

fn plan_sizes(rng: &mut StdRng, total: usize) -> Vec<usize> {
    if total == 0 {
        return vec![];
    }
    let plans = total.div_ceil(125).clamp(3.min(total), 80);
    let weights: Vec<f64> = (0..plans).map(|_| rng.gen_range(0.5..1.5)).collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((w / sum) * total as f64).floor().max(1.0) as usize)
        .collect();
    let mut assigned: usize = sizes.iter().sum();
    let mut i = 0;
    while assigned < total {
        sizes[i % plans] += 1;
        assigned += 1;
        i += 1;
    }
    while assigned > total {
        if let Some(s) = sizes.iter_mut().filter(|s| **s > 1).max() {
            *s -= 1;
            assigned -= 1;
        } else {
            break;
        }
    }
    sizes
}

fn make_plan(rng: &mut StdRng, index: usize, size: usize, today: NaiveDate) -> PlanGen {
    let jur = &JURISDICTIONS[index % JURISDICTIONS.len()];
    let round_no = index / JURISDICTIONS.len();
    let (year, group) = ROUNDS[round_no % ROUNDS.len()];
    let batch = round_no / ROUNDS.len();
    let year = year.min(today.year() - 1).max(2018);
    let issued = year * 12 + rng.gen_range(2..=10);
    let mut title = format!("{}贯彻落实{}督察反馈意见整改方案", jur.name, group);
    if batch > 0 {
        title.push_str(&format!("（第{}批）", zh_number(batch as u32 + 1)));
    }

    let mut domains = DOMAINS.to_vec();
    domains.shuffle(rng);
    let ncat = rng.gen_range(3..=6).min(size.max(1));
    domains.truncate(ncat);
    // Duty problems usually come first in real plans.
    if let Some(pos) = domains.iter().position(|d| matches!(d, Domain::Duty)) {
        domains.swap(0, pos);
    }
    let categories: Vec<CategoryDraft> = domains
        .iter()
        .enumerate()
        .map(|(i, d)| CategoryDraft {
            seq: i as u32 + 1,
            title: format!(
                "{}、{}",
                zh_number(i as u32 + 1),
                pick(rng, vocab(*d).categories)
            ),
        })
        .collect();

    let mut problems = Vec::with_capacity(size);
    let mut line = 20u32;
    let mut top_seq = 0u32;
    let mut sub_seq = 0u32;
    for i in 0..size {
        let cat = (i * domains.len() / size.max(1)).min(domains.len() - 1);
        let domain = domains[cat];
        // About one problem in ten is a sub-problem of the one before it.
        let is_sub = top_seq > 0 && rng.gen_bool(0.1);
        let (seq, parent_seq, number_text) = if is_sub {
            sub_seq += 1;
            (sub_seq, Some(top_seq), format!("{}.", sub_seq))
        } else {
            top_seq += 1;
            sub_seq = 0;
            (top_seq, None, format!("（{}）", zh_number(top_seq)))
        };
        let p = make_problem(
            rng,
            jur,
            domain,
            issued,
            seq,
            parent_seq,
            number_text,
            cat,
            line,
        );
        line = p.source_span.map(|s| s.last_line + 2).unwrap_or(line + 10);
        problems.push(p);
    }
    let mut sha = String::with_capacity(64);
    for _ in 0..4 {
        sha.push_str(&format!("{:016x}", rng.gen::<u64>()));
    }
    let (y, _) = ym(issued);
    PlanGen {
        draft: PlanDraft {
            format: PLAN_FORMAT.to_string(),
            title,
            jurisdiction: Some(jur.name.to_string()),
            declared_problem_count: Some(
                problems.iter().filter(|p| p.parent_seq.is_none()).count() as u32,
            ),
            source: SourceInfo {
                file: format!("synthetic-{}-{}-{}.txt", jur.code, y, index + 1),
                sha256: sha,
                kind: "txt".into(),
            },
            categories,
            problems,
            warnings: vec![],
            indicators: vec![],
            key_projects: vec![],
            meta: plan_meta(jur, group, issued, index),
        },
        issued,
        jurisdiction: jur,
    }
}

/// The preamble facts: the inspection (stationed, fed back about three
/// months before the plan), the document number and the issue date, from
/// which the schedule of every problem runs.
fn plan_meta(jur: &Jurisdiction, group: &str, issued: i32, index: usize) -> PlanMeta {
    let feedback = month_day(issued - 3, 11).ok();
    let stationed_from = feedback.map(|d| d - Duration::days(75));
    let central = group.starts_with("中央");
    let (y, _) = ym(issued);
    let team = group.trim_end_matches("“回头看”").to_string();
    let abbrev: String = jur.name.chars().take(1).collect();
    PlanMeta {
        inspection: Some(Inspection {
            level: Some(if central {
                InspectionLevel::Central
            } else {
                InspectionLevel::Provincial
            }),
            team: Some(team),
            round: central.then(|| {
                match y {
                    ..=2019 => "第一轮",
                    2020..=2022 => "第二轮",
                    _ => "第三轮",
                }
                .to_string()
            }),
            stationed_from,
            stationed_to: stationed_from.map(|d| d + Duration::days(30)),
            feedback_date: feedback,
        }),
        doc_number: Some(format!("{abbrev}办发〔{y}〕{}号", 3 + index % 40)),
        issue_date: month_day(issued, 14).ok(),
    }
}

#[allow(clippy::too_many_arguments)]
fn make_problem(
    rng: &mut StdRng,
    jur: &Jurisdiction,
    domain: Domain,
    issued: i32,
    seq: u32,
    parent_seq: Option<u32>,
    number_text: String,
    cat: usize,
    line: u32,
) -> ProblemDraft {
    let v = vocab(domain);
    let area = pick(rng, jur.places);
    let place = format!("{}{}", area, pick(rng, PLACE_SUFFIXES));
    // Responsibility problems are about the jurisdiction as a whole.
    let located = if matches!(domain, Domain::Duty) {
        String::new()
    } else {
        place.clone()
    };
    let description = format!(
        "{}{}{}{}，{}。{}",
        pick(rng, PREFIXES),
        located,
        pick(rng, v.subjects),
        pick(rng, v.issues),
        {
            let fact = pick(rng, v.facts);
            fill(rng, fact, &place)
        },
        pick(rng, TAILS),
    );
    let target_text = pick(rng, v.targets);
    let target = fill(rng, target_text, &place);
    let deadline = deadline(rng, issued);

    // Units: 1–3, from the domain's usual units, the city pool, and the
    // district or county government where the problem lies.
    let n_units = rng.gen_range(1..=3);
    let mut names: Vec<String> = vec![];
    while names.len() < n_units {
        let name = match rng.gen_range(0..10) {
            0..=4 => pick(rng, v.units).to_string(),
            5..=6 if !area.ends_with("街道") && !area.ends_with('镇') && !area.ends_with('乡') =>
            {
                format!("{area}人民政府")
            }
            _ => pick(rng, UNITS).to_string(),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut units: Vec<UnitAssignment> = names
        .iter()
        .enumerate()
        .map(|(i, name)| UnitAssignment {
            name: name.clone(),
            role: match (i, names.len()) {
                (0, 1) => {
                    if rng.gen_bool(0.5) {
                        UnitRole::Primary
                    } else {
                        UnitRole::Lead
                    }
                }
                (0, _) => UnitRole::Lead,
                _ => UnitRole::Responsible,
            },
            note: None,
        })
        .collect();
    if units.len() >= 2 && rng.gen_bool(0.3) {
        let sup = pick(rng, SUPERVISING).to_string();
        if !units.iter().any(|u| u.name == sup) {
            if let Some(last) = units.last_mut() {
                last.name = sup;
                last.role = UnitRole::Supervising;
            }
        }
    }

    let n_measures = rng.gen_range(2..=6);
    let mut pool: Vec<&str> = v.measures.to_vec();
    pool.shuffle(rng);
    let measures: Vec<MeasureDraft> = (0..n_measures)
        .map(|i| {
            let text = pool
                .get(i)
                .copied()
                .unwrap_or_else(|| GENERIC_MEASURES[i % GENERIC_MEASURES.len()]);
            let with_unit = rng.gen_bool(0.3);
            MeasureDraft {
                seq: i as u32 + 1,
                text: format!("{text}。"),
                units: if with_unit {
                    vec![UnitAssignment {
                        name: units[rng.gen_range(0..units.len())].name.clone(),
                        role: UnitRole::Lead,
                        note: None,
                    }]
                } else {
                    vec![]
                },
                deadline: None,
            }
        })
        .collect();

    let mut leaders = vec![pick(rng, LEADERS).to_string()];
    if rng.gen_bool(0.25) {
        let second = pick(rng, LEADERS).to_string();
        if second != leaders[0] {
            leaders.push(second);
        }
    }
    let responsible_persons = vec![Person {
        name: pick(rng, PEOPLE).to_string(),
        title: Some(pick(rng, TITLES).to_string()),
    }];
    let liaisons = if rng.gen_bool(0.5) {
        vec![Liaison {
            name: pick(rng, PEOPLE).to_string(),
            note: Some("联络员".into()),
        }]
    } else {
        vec![]
    };
    let last_line = line + 3 + n_measures as u32;
    ProblemDraft {
        seq,
        number_text,
        parent_seq,
        category_seq: Some(cat as u32 + 1),
        description,
        target: Some(target),
        deadline,
        units,
        leaders,
        responsible_persons,
        liaisons,
        measures,
        source_span: Some(SourceSpan {
            first_line: line,
            last_line,
        }),
    }
}

// --- activity ------------------------------------------------------------------

/// How far a problem gets in the sign-off procedure.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    None,
    SelfChecked,
    Reviewed,
    InNotice,
    Verifying,
    SignedOff,
    /// Self-checked, then sent back at review (back to 整改中).
    Rejected,
}

/// Problems long past their due date have mostly been signed off; the rest
/// are spread over the stages.
fn stage(rng: &mut StdRng, long_overdue: bool) -> Stage {
    if long_overdue && rng.gen_bool(0.75) {
        return Stage::SignedOff;
    }
    match rng.gen_range(0..100) {
        0..=17 => Stage::SignedOff,
        18..=20 => Stage::Verifying,
        21..=23 => Stage::InNotice,
        24..=26 => Stage::Reviewed,
        27..=29 => Stage::SelfChecked,
        30..=31 => Stage::Rejected,
        _ => Stage::None,
    }
}

fn steps_for(stage: Stage) -> usize {
    match stage {
        Stage::None => 0,
        Stage::SelfChecked | Stage::Rejected => 1,
        Stage::Reviewed => 2,
        Stage::InNotice => 3,
        Stage::Verifying => 4,
        Stage::SignedOff => 5,
    }
}

struct ProblemRef {
    due: Option<NaiveDate>,
    id: i64,
    plan_id: i64,
    issued: i32,
    first_unit: String,
    supervising: Option<String>,
    notice_workdays: u32,
    jurisdiction: &'static str,
}

/// The generator: writes the ledger and counts what it wrote.
pub async fn generate(store: &dyn Store, o: &Options) -> Result<Counts> {
    let started = Instant::now();
    let mut counts = Counts {
        petitions_requested: o.petitions,
        ..Default::default()
    };
    if !store.list_plans().await?.is_empty() {
        bail!("数据库中已有方案，请对空数据库生成合成台账 / the database already holds plans; generate into an empty database");
    }
    let cal = WorkCalendar::official();
    // The notice arithmetic needs a covered year: past the calendar's data,
    // act as of its last covered day.
    let today = if cal.covers(o.today.year()) {
        o.today
    } else {
        let last = cal.covered_years().into_iter().max().unwrap_or(2026);
        let d = NaiveDate::from_ymd_opt(last, 12, 20).unwrap_or(o.today);
        eprintln!("提示 / note: 工作日历未覆盖 {}，按 {d} 生成 / the calendar does not cover {}; generating as of {d}", o.today.year(), o.today.year());
        d
    };
    let mut rng = StdRng::seed_from_u64(o.seed);

    // 1. plans, one import (one transaction) each.
    let phase = Instant::now();
    let sizes = plan_sizes(&mut rng, o.problems);
    let mut refs: Vec<ProblemRef> = Vec::with_capacity(o.problems);
    for (i, size) in sizes.iter().enumerate() {
        let plan = make_plan(&mut rng, i, *size, today);
        let report = store
            .import_plan(&plan.draft, "generator")
            .await
            .with_context(|| format!("import {}", plan.draft.title))?;
        counts.plans += 1;
        counts.categories += plan.draft.categories.len();
        counts.measures += plan
            .draft
            .problems
            .iter()
            .map(|p| p.measures.len())
            .sum::<usize>();
        let by_key: HashMap<(Option<u32>, u32), &ProblemDraft> = plan
            .draft
            .problems
            .iter()
            .map(|p| ((p.parent_seq, p.seq), p))
            .collect();
        let mut page = 1;
        let mut rows = vec![];
        loop {
            let p = store
                .list_problems(&ProblemFilter {
                    plan_id: Some(report.plan_id),
                    page,
                    per_page: 1000,
                    ..Default::default()
                })
                .await?;
            let done = (page as i64) * 1000 >= p.total;
            rows.extend(p.items);
            if done {
                break;
            }
            page += 1;
        }
        rows.sort_by_key(|r| r.id);
        for row in rows {
            let key = (row.parent_seq.map(|s| s as u32), row.seq as u32);
            let Some(draft) = by_key.get(&key) else {
                continue;
            };
            let work = draft.units.iter().find(|u| u.role.does_the_work());
            refs.push(ProblemRef {
                id: row.id,
                plan_id: report.plan_id,
                issued: plan.issued,
                first_unit: work
                    .or(draft.units.first())
                    .map(|u| u.name.clone())
                    .unwrap_or_else(|| "市生态环境局".into()),
                supervising: draft
                    .units
                    .iter()
                    .find(|u| u.role == UnitRole::Supervising)
                    .map(|u| u.name.clone()),
                notice_workdays: 5,
                jurisdiction: plan.jurisdiction.name,
                due: draft.deadline.due,
            });
        }
    }
    let notice_days: HashMap<i64, u32> = store
        .list_plans()
        .await?
        .into_iter()
        .map(|p| (p.id, u32::try_from(p.notice_workdays).unwrap_or(5)))
        .collect();
    for r in refs.iter_mut() {
        r.notice_workdays = notice_days.get(&r.plan_id).copied().unwrap_or(5);
    }
    counts.problems = refs.len();
    counts.units = store.list_units().await?.len();
    counts.phases.push(("plans", phase.elapsed().as_secs_f64()));

    // 2. monthly progress reports, and sign-off stages planned per problem.
    let phase = Instant::now();
    let now_month = month_index(today);
    let m = o.reports_per_problem as i32;
    let mut plan_for: Vec<(Stage, i32)> = Vec::with_capacity(refs.len());
    let mut accept: Vec<(i64, bool)> = vec![];
    for r in &refs {
        let st = stage(
            &mut rng,
            r.due.is_some_and(|d| d < today - Duration::days(180)),
        );
        // A problem signed off some months ago stopped reporting then.
        let back = if st == Stage::SignedOff {
            let room = (now_month - 1 - r.issued - m).max(0);
            rng.gen_range(0..=room.min(18))
        } else {
            0
        };
        let last = now_month - 1 - back;
        plan_for.push((st, back));
        let finish = st != Stage::None || rng.gen_bool(0.08);
        let final_pct: i64 = if finish { 100 } else { rng.gen_range(15..=95) };
        let first_pct: i64 = rng.gen_range(0..=final_pct.min(40));
        let mut pct = first_pct;
        for j in 0..m {
            let idx = last - (m - 1 - j);
            let target = if m <= 1 {
                final_pct
            } else {
                first_pct + (final_pct - first_pct) * j as i64 / (m - 1) as i64
            };
            pct = pct.max(target - rng.gen_range(0..=3)).min(final_pct);
            if j == m - 1 {
                pct = final_pct;
            }
            let late = rng.gen_bool(0.08);
            let day = if late {
                month_day(idx + 1, rng.gen_range(1..=10))?
            } else {
                month_day(idx, rng.gen_range(15..=28))?
            };
            let (_, month) = ym(idx);
            let text = if pct >= 100 {
                format!(
                    "{month}月，各项整改措施已全部完成，完成进度100%。下一步，{}。",
                    pick(&mut rng, NEXT_STEPS)
                )
            } else {
                format!(
                    "{month}月，按整改方案推进各项措施，完成进度{pct}%。下一步，{}。",
                    pick(&mut rng, NEXT_STEPS)
                )
            };
            let report = store
                .submit_progress(&NewProgressReport {
                    problem_id: r.id,
                    period: period(idx),
                    percent: pct,
                    text,
                    measure_status: vec![
                        (1, if pct >= 50 { "已完成" } else { "推进中" }.to_string()),
                        (2, if pct >= 100 { "已完成" } else { "推进中" }.to_string()),
                    ],
                    submitted_by: format!("{}联络员", r.first_unit),
                    submitted_at: utc_at(day, 16),
                })
                .await?;
            counts.reports += 1;
            if st == Stage::SignedOff || st == Stage::Verifying {
                accept.push((report.id, true));
            } else if rng.gen_bool(0.02) {
                accept.push((report.id, false));
            }
        }
    }
    for (id, ok) in accept {
        store
            .review_progress(&ProgressReview {
                report_id: id,
                accept: ok,
                comment: if ok {
                    "同意".into()
                } else {
                    "佐证材料不足，请补充现场照片和监测报告后重新报送。".into()
                },
                actor: "市整改办".into(),
            })
            .await?;
        counts.reviews += 1;
    }
    counts
        .phases
        .push(("reports", phase.elapsed().as_secs_f64()));

    // 3. sign-offs at every stage, with objections during some notices.
    let phase = Instant::now();
    let mut signed: Vec<i64> = vec![];
    for (r, (st, back)) in refs.iter().zip(plan_for.iter()) {
        if *st == Stage::None {
            continue;
        }
        // Working days of the procedure: the notice starts on a working day
        // after self-check and review and, unless it is running now, has ended.
        let notice_start = if *st == Stage::InNotice {
            today - Duration::days(rng.gen_range(0..=3))
        } else {
            let base = if *back == 0 {
                today - Duration::days(rng.gen_range(30..=45))
            } else {
                month_day(now_month - back, rng.gen_range(3..=12))?
            };
            cal.next_workday(base).unwrap_or(base)
        };
        let notice_end = cal.add_workdays(notice_start, r.notice_workdays)?;
        let self_check = notice_start - Duration::days(rng.gen_range(4..=10));
        let review = notice_start - Duration::days(rng.gen_range(1..=3));
        let verify = cal.add_workdays(notice_end, rng.gen_range(1..=5))?;
        let file = cal.add_workdays(verify, rng.gen_range(1..=10))?;
        let n = steps_for(*st);
        for step in SignoffStep::ALL.iter().take(n) {
            let (day, comment, actor) = match step {
                SignoffStep::SelfCheck => (
                    self_check,
                    "已完成全部整改措施，自查自验合格，申请销号。",
                    format!("{}联络员", r.first_unit),
                ),
                SignoffStep::Review => (review, "材料齐全，同意公示。", "市整改办".to_string()),
                SignoffStep::PublicNotice => (
                    notice_start,
                    "在政府门户网站公示5个工作日，接受社会监督。",
                    "市整改办".to_string(),
                ),
                SignoffStep::Verify => (
                    verify,
                    "经现场核查，整改到位，同意销号。",
                    r.supervising.clone().unwrap_or_else(|| "市整改办".into()),
                ),
                SignoffStep::File => (file, "同意销号，报省整改办备案。", "市整改办".to_string()),
            };
            store
                .apply_signoff(&SignoffRequest {
                    problem_id: r.id,
                    step: *step,
                    decision: Decision::Approve,
                    comment: comment.into(),
                    actor,
                    at: utc_at(day, 10),
                    today: day,
                    notice: (*step == SignoffStep::PublicNotice)
                        .then_some((notice_start, notice_end)),
                })
                .await
                .with_context(|| format!("sign-off {} of problem {}", step.as_str(), r.id))?;
            counts.signoff_steps += 1;
        }
        if *st == Stage::Rejected {
            store
                .apply_signoff(&SignoffRequest {
                    problem_id: r.id,
                    step: SignoffStep::Review,
                    decision: Decision::Reject,
                    comment: "佐证材料不能反映整改成效，退回继续整改。".into(),
                    actor: "市整改办".into(),
                    at: utc_at(review, 11),
                    today: review,
                    notice: None,
                })
                .await?;
            counts.signoff_steps += 1;
        }
        match st {
            Stage::SignedOff => {
                counts.signed_off += 1;
                signed.push(r.id);
            }
            Stage::InNotice => {
                counts.in_notice += 1;
                if rng.gen_bool(0.3) {
                    let obj = store
                        .add_objection(&NewObjection {
                            problem_id: r.id,
                            text: format!(
                                "{}附近仍有异味和污水外溢，整改是否到位请再核实。",
                                r.jurisdiction
                            ),
                            contact: Some(format!(
                                "群众 {}先生 138****{:04}",
                                pick(&mut rng, &["张", "李", "王", "刘", "陈"]),
                                rng.gen_range(0..10000)
                            )),
                            at: utc_at(today, 9),
                        })
                        .await?;
                    counts.objections += 1;
                    if rng.gen_bool(0.5) {
                        store
                            .resolve_objection(
                                obj.id,
                                "经现场复核，反映问题已整改到位，异议不成立。",
                                "市整改办",
                            )
                            .await?;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .phases
        .push(("sign-offs", phase.elapsed().as_secs_f64()));

    // 4. escalations on problems (and a few on units), a look-back campaign.
    let phase = Instant::now();
    let kinds = rectify_store::ESCALATION_KINDS;
    let units = store.list_units().await?;
    let mut seq_by_year: BTreeMap<i32, u32> = BTreeMap::new();
    for (r, (st, _)) in refs.iter().zip(plan_for.iter()) {
        if *st != Stage::None || !rng.gen_bool(0.04) {
            continue;
        }
        let (kind, label) = kinds[rng.gen_range(0..kinds.len())];
        let date = today - Duration::days(rng.gen_range(5..=300));
        let no = seq_by_year.entry(date.year()).or_insert(0);
        *no += 1;
        store
            .add_escalation(&NewEscalation {
                problem_id: Some(r.id),
                unit_id: None,
                kind: kind.into(),
                date,
                doc_number: Some(format!(
                    "{}整改办〔{}〕{}号",
                    r.jurisdiction.trim_end_matches('市'),
                    date.year(),
                    no
                )),
                note: Some(format!("整改进度滞后，予以{label}")),
                actor: "市整改办".into(),
            })
            .await?;
        counts.escalations += 1;
    }
    if !units.is_empty() {
        for _ in 0..(refs.len() / 500).clamp(1, 20) {
            let u = &units[rng.gen_range(0..units.len())];
            let date = today - Duration::days(rng.gen_range(5..=200));
            store
                .add_escalation(&NewEscalation {
                    problem_id: None,
                    unit_id: Some(u.id),
                    kind: "interview".into(),
                    date,
                    doc_number: None,
                    note: Some(format!("{}整改工作推进不力，约谈主要负责人", u.name)),
                    actor: "市整改办".into(),
                })
                .await?;
            counts.escalations += 1;
        }
    }
    if signed.len() >= 10 {
        let campaign = store
            .create_lookback(
                "督察整改“回头看”（合成数据）",
                Some("按10%比例抽查已销号问题"),
                &LookbackSelection::Percent {
                    plan_id: None,
                    percent: 10,
                    seed: o.seed,
                },
                "市整改办",
            )
            .await?;
        counts.lookback_items = campaign.items.len();
        for (i, item) in campaign.items.iter().enumerate() {
            if i % 2 == 1 {
                continue; // still pending
            }
            let rebound = i % 10 == 4;
            store
                .record_lookback_result(
                    campaign.campaign.id,
                    item.problem_id,
                    !rebound,
                    if rebound {
                        "回头看发现问题反弹，重新打开整改。"
                    } else {
                        "现场复核，整改成效巩固，未发现反弹。"
                    },
                    "市整改办",
                )
                .await?;
            if rebound {
                counts.rebounds += 1;
            }
        }
    }
    counts
        .phases
        .push(("escalations", phase.elapsed().as_secs_f64()));

    // 5. warnings, by the same rules as the server's job, in one sync.
    let phase = Instant::now();
    let thresholds = WarningThresholds::default();
    let mut findings = vec![];
    for input in store.warning_inputs().await? {
        let Some(start) = input.start else { continue };
        let facts = ProblemFacts {
            status: input.status,
            deadline: input.deadline,
            start,
            latest_percent: input.latest_percent.map(|p| p as f64),
            reports: input
                .reports
                .iter()
                .filter_map(|(p, d)| ReportPeriod::parse(p).map(|p| (p, *d)))
                .collect(),
            reopened: input.reopened,
            signed_off: false,
        };
        if let Ok(list) = evaluate(&facts, today, &cal, &thresholds) {
            findings.extend(list.into_iter().map(|f| ComputedWarning {
                problem_id: input.problem_id,
                code: f.code.as_str().to_string(),
                level: f.level.as_str().to_string(),
                message: f.message_zh,
            }));
        }
    }
    let sync = store.sync_warnings(&findings, Utc::now()).await?;
    counts.warnings_raised = sync.raised;
    counts
        .phases
        .push(("warnings", phase.elapsed().as_secs_f64()));

    counts.elapsed = started.elapsed().as_secs_f64();
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(zh_number(1), "一");
        assert_eq!(zh_number(10), "十");
        assert_eq!(zh_number(14), "十四");
        assert_eq!(zh_number(20), "二十");
        assert_eq!(zh_number(105), "一百〇五");
        assert_eq!(zh_number(123), "一百二十三");
        assert_eq!(zh_number(110), "一百一十");
    }

    #[test]
    fn deadlines_parse_back() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..500 {
            let d = deadline(&mut rng, 2019 * 12 + 5);
            assert!(
                d.immediate || d.ongoing || d.due.is_some(),
                "not understood: {}",
                d.text
            );
        }
    }

    #[test]
    fn plan_sizes_add_up() {
        let mut rng = StdRng::seed_from_u64(1);
        for n in [1, 2, 3, 7, 300, 5000, 10_000] {
            let s = plan_sizes(&mut rng, n);
            assert_eq!(s.iter().sum::<usize>(), n);
            assert!(s.iter().all(|x| *x >= 1));
        }
    }
}
