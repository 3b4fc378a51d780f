//! Section kinds from headings, and level markers of ladder headings.

use crate::model::SectionKind;

/// Heading cues per kind, checked in this order: "preferred qualifications"
/// must be nice-to-have before "qualification" makes it a requirement, and
/// "职责描述" must be responsibilities before "描述" makes it a summary.
const CUES: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::NiceToHave,
        &["nice to have", "nice-to-have", "bonus", "preferred", "a plus", "pluses", "加分", "优先", "歓迎", "尚可"],
    ),
    (
        SectionKind::Benefits,
        &[
            "benefit",
            "perks",
            "we offer",
            "what we offer",
            "what's in it for you",
            "compensation and",
            "福利",
            "待遇",
            "薪资",
            "福利厚生",
            "待遇",
        ],
    ),
    (
        SectionKind::Responsibilities,
        &[
            "responsibilit",
            "duties",
            "what you'll do",
            "what you will do",
            "what you’ll do",
            "you will",
            "the role",
            "your role",
            "accountabilit",
            "key tasks",
            "tasks",
            "job summary",
            "what you do",
            "day to day",
            "day-to-day",
            "职责",
            "责任",
            "工作内容",
            "主要工作",
            "岗位内容",
            "职務",
            "職務",
            "業務内容",
            "仕事内容",
            "担当",
        ],
    ),
    (
        SectionKind::Requirements,
        &[
            "requirement",
            "qualification",
            "what you bring",
            "who you are",
            "you have",
            "must have",
            "skills",
            "experience",
            "about you",
            "competenc",
            "任职",
            "要求",
            "资格",
            "条件",
            "技能",
            "応募資格",
            "必須",
            "求める",
            "期待する",
            "スキル",
        ],
    ),
    (
        SectionKind::Summary,
        &[
            "summary",
            "about",
            "overview",
            "purpose",
            "introduction",
            "description",
            "who we are",
            "简介",
            "概述",
            "关于",
            "介绍",
            "サマリー",
            "概要",
        ],
    ),
];

/// The section kind a heading names, or `None` when it names none.
///
/// Matching is by cue words in English, Chinese and Japanese, on the
/// lowercased heading. Long headings (over 60 characters) are not
/// classified: they are sentences, not section names.
pub fn classify_heading(heading: &str) -> Option<SectionKind> {
    let h = heading.trim().to_lowercase();
    if h.chars().count() > 60 || h.is_empty() {
        return None;
    }
    CUES.iter().find(|(_, cues)| cues.iter().any(|c| h.contains(c))).map(|(k, _)| *k)
}

/// True when a heading names a ladder level: it holds a number, a Roman
/// numeral word, or a seniority word ("EM5 - Engineering Manager 5",
/// "Engineer II", "Senior OSPO Engineer", "高级工程师").
pub(crate) fn has_level_marker(heading: &str) -> bool {
    const WORDS: &[&str] = &[
        "junior",
        "senior",
        "staff",
        "principal",
        "distinguished",
        "lead",
        "level",
        "associate",
        "intern",
        "head",
        "fellow",
        "entry",
        "mid",
    ];
    const ROMAN: &[&str] = &["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"];
    const CJK: &[&str] = &["初级", "中级", "高级", "资深", "专家", "级", "レベル", "等级", "職級"];
    // The steps of a plan are numbered too ("Phase II: Refinement Phase 2025
    // Q3", "阶段二：完善阶段 2025Q3"), and a charter with a roadmap is one
    // role, not one per phase.
    const PLAN: &[&str] = &["phase", "milestone", "step", "quarter", "sprint", "iteration", "roadmap"];
    const PLAN_CJK: &[&str] = &["阶段", "里程碑", "步骤", "季度", "フェーズ", "マイルストーン", "ステップ"];
    // Section numbers ("2.1 晋升标准简介", "3. Goals") are not levels.
    let h = heading.trim_start().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').to_lowercase();
    let words = || h.split(|c: char| !c.is_alphanumeric());
    if words().any(|w| PLAN.contains(&w)) || PLAN_CJK.iter().any(|c| h.contains(c)) {
        return false;
    }
    if h.chars().any(|c| c.is_ascii_digit()) || CJK.iter().any(|c| h.contains(c)) {
        return true;
    }
    words().any(|w| WORDS.contains(&w) || ROMAN.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_english_and_chinese_headings() {
        assert_eq!(classify_heading("Responsibilities"), Some(SectionKind::Responsibilities));
        assert_eq!(classify_heading("职责描述之一:战略和计划"), Some(SectionKind::Responsibilities)); // duties, part 1: strategy
        assert_eq!(classify_heading("岗位职责"), Some(SectionKind::Responsibilities)); // job duties
        assert_eq!(classify_heading("任职要求"), Some(SectionKind::Requirements)); // job requirements
        assert_eq!(classify_heading("REQUIRED QUALIFICATIONS"), Some(SectionKind::Requirements));
        assert_eq!(classify_heading("Preferred qualifications"), Some(SectionKind::NiceToHave));
        assert_eq!(classify_heading("Benefits"), Some(SectionKind::Benefits));
        assert_eq!(classify_heading("福利待遇"), Some(SectionKind::Benefits)); // benefits
        assert_eq!(classify_heading("JOB PURPOSE"), Some(SectionKind::Summary));
        assert_eq!(classify_heading("職務内容"), Some(SectionKind::Responsibilities)); // job content (ja)
        assert_eq!(classify_heading("Leadership"), None);
    }

    #[test]
    fn level_markers() {
        assert!(has_level_marker("EM5 - Engineering Manager 5"));
        assert!(has_level_marker("Engineer II"));
        assert!(has_level_marker("Senior OSPO Engineer"));
        assert!(!has_level_marker("Knowledge & Technical Skill"));
        assert!(!has_level_marker("Delivery"));
        assert!(!has_level_marker("2.1 晋升标准简介")); // "2.1 promotion criteria"

        // The phases of a charter's roadmap are not levels.
        assert!(!has_level_marker("Phase II: Refinement Phase 2025 Q3"));
        assert!(!has_level_marker("阶段二：完善阶段 2025Q3")); // phase two: refinement, 2025 Q3
        assert!(!has_level_marker("Milestone 1"));
    }
}
