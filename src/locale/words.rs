//! The few words folio itself writes into a book (navigation labels, the table of contents,
//! the accessibility summary, jump lines), in the edition's language.

use super::{Lang, Locale};

/// What a book's accessibility summary has to describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryFacts {
    /// The book claims EPUB Accessibility 1.1 / WCAG 2.1 AA.
    pub conforms: bool,
    /// It has at least one picture (the generated cover does not count).
    pub has_images: bool,
    /// It has a page list and page-break markers (the pages of folio's PDF).
    pub page_list: bool,
}

impl Locale {
    /// Heading of the table of contents.
    pub fn contents(self) -> &'static str {
        match self.lang {
            Lang::Hans => "目录",
            Lang::Hant => "目錄",
            Lang::Ja => "目次",
            Lang::Ko => "목차",
            Lang::En => "Contents",
        }
    }

    /// Label of the landmarks navigation.
    pub fn landmarks(self) -> &'static str {
        match self.lang {
            Lang::Hans => "导览",
            Lang::Hant => "導覽",
            Lang::Ja => "ランドマーク",
            Lang::Ko => "랜드마크",
            Lang::En => "Landmarks",
        }
    }

    /// Label of the page list (the PDF's page numbers).
    pub fn page_list(self) -> &'static str {
        match self.lang {
            Lang::Hans => "页码",
            Lang::Hant => "頁碼",
            Lang::Ja => "ページ",
            Lang::Ko => "페이지",
            Lang::En => "Pages",
        }
    }

    /// Landmark label of the cover.
    pub fn cover(self) -> &'static str {
        match self.lang {
            Lang::Hans | Lang::Hant => "封面",
            Lang::Ja => "表紙",
            Lang::Ko => "표지",
            Lang::En => "Cover",
        }
    }

    /// Landmark label of the start of the reading matter.
    pub fn body(self) -> &'static str {
        match self.lang {
            Lang::Hans | Lang::Hant => "正文",
            Lang::Ja => "本文",
            Lang::Ko => "본문",
            Lang::En => "Start of content",
        }
    }

    /// A jump line at the foot of an article continued on page `page`: `下转第3版`.
    pub fn continued_on(self, page: usize) -> String {
        match self.lang {
            Lang::Hans => format!("下转第{page}版"),
            Lang::Hant => format!("下轉第{page}版"),
            Lang::Ja => format!("{page}面に続く"),
            Lang::Ko => format!("{page}면에 계속"),
            Lang::En => format!("Continued on page {page}"),
        }
    }

    /// A jump line at the head of the continuation of an article from page `page`: `上接第1版`.
    pub fn continued_from(self, page: usize) -> String {
        match self.lang {
            Lang::Hans | Lang::Hant => format!("上接第{page}版"),
            Lang::Ja => format!("{page}面から続く"),
            Lang::Ko => format!("{page}면에서 계속"),
            Lang::En => format!("Continued from page {page}"),
        }
    }

    /// The words in the mark that stands where a picture of the edition was not supplied.
    pub fn picture_missing(self) -> &'static str {
        match self.lang {
            Lang::Hans => "图片未提供",
            Lang::Hant => "圖片未提供",
            Lang::Ja => "写真なし",
            Lang::Ko => "사진 없음",
            Lang::En => "Picture not supplied",
        }
    }

    /// The `schema:accessibilitySummary`: how the book can be read, in plain words.
    pub fn accessibility_summary(self, facts: SummaryFacts) -> String {
        let mut parts: Vec<&str> = Vec::new();
        match self.lang {
            Lang::Hans => {
                if facts.conforms {
                    parts.push("本电子书符合 EPUB 无障碍 1.1 与 WCAG 2.1 AA 级要求。");
                }
                parts.push(
                    "全书为可重排的文字，提供目录和按版面、文章分级的标题，阅读顺序与原报纸一致。",
                );
                if facts.page_list {
                    parts.push("页码标记与同一期的 PDF 版一致。");
                }
                if facts.has_images {
                    parts.push(if facts.conforms {
                        "所有图片都有替代文字，图片说明和摄影者署名以文字给出。"
                    } else {
                        "图片说明和摄影者署名以文字给出，但部分图片缺少替代文字。"
                    });
                }
                parts.push("不含闪烁、声音或动态内容。");
            }
            Lang::Hant => {
                if facts.conforms {
                    parts.push("本電子書符合 EPUB 無障礙 1.1 與 WCAG 2.1 AA 級要求。");
                }
                parts.push(
                    "全書為可重排的文字，提供目錄和按版面、文章分級的標題，閱讀順序與原報紙一致。",
                );
                if facts.page_list {
                    parts.push("頁碼標記與同一期的 PDF 版一致。");
                }
                if facts.has_images {
                    parts.push(if facts.conforms {
                        "所有圖片都有替代文字，圖片說明和攝影者署名以文字提供。"
                    } else {
                        "圖片說明和攝影者署名以文字提供，但部分圖片缺少替代文字。"
                    });
                }
                parts.push("不含閃爍、聲音或動態內容。");
            }
            Lang::Ja => {
                if facts.conforms {
                    parts.push("この電子書籍は EPUB Accessibility 1.1 および WCAG 2.1 レベル AA に準拠しています。");
                }
                parts.push("本文はリフロー可能なテキストで、目次と紙面・記事ごとの見出しを備え、読む順序は元の新聞と同じです。");
                if facts.page_list {
                    parts.push("ページ番号は同じ号の PDF 版と一致します。");
                }
                if facts.has_images {
                    parts.push(if facts.conforms {
                        "すべての画像に代替テキストがあり、キャプションと撮影者名はテキストで示しています。"
                    } else {
                        "キャプションと撮影者名はテキストで示していますが、一部の画像には代替テキストがありません。"
                    });
                }
                parts.push("点滅、音声、動きのあるコンテンツは含みません。");
            }
            Lang::Ko => {
                if facts.conforms {
                    parts.push("이 전자책은 EPUB 접근성 1.1 및 WCAG 2.1 AA 수준을 준수합니다.");
                }
                parts.push("본문은 재배치 가능한 텍스트이며 목차와 지면·기사별 제목을 갖추고, 읽기 순서는 원래 신문과 같습니다.");
                if facts.page_list {
                    parts.push("쪽 번호 표시는 같은 호의 PDF 판과 일치합니다.");
                }
                if facts.has_images {
                    parts.push(if facts.conforms {
                        "모든 이미지에 대체 텍스트가 있으며 사진 설명과 촬영자 표기는 텍스트로 제공됩니다."
                    } else {
                        "사진 설명과 촬영자 표기는 텍스트로 제공되지만 일부 이미지에는 대체 텍스트가 없습니다."
                    });
                }
                parts.push("깜박임, 소리, 움직이는 콘텐츠는 없습니다.");
            }
            Lang::En => {
                if facts.conforms {
                    parts.push(
                        "This publication meets EPUB Accessibility 1.1 and WCAG 2.1 Level AA.",
                    );
                }
                parts.push("It is reflowable text with a table of contents and headings for each section and article, in the reading order of the printed paper.");
                if facts.page_list {
                    parts.push("Page break markers and a page list follow the pages of the PDF edition of the same issue.");
                }
                if facts.has_images {
                    parts.push(if facts.conforms {
                        "Every picture has a text alternative; captions and photo credits are given as text."
                    } else {
                        "Captions and photo credits are given as text, but some pictures have no text alternative."
                    });
                }
                parts.push("It has no flashing, sound or motion.");
            }
        }
        let separator = if matches!(self.lang, Lang::En | Lang::Ko) {
            " "
        } else {
            ""
        };
        parts.join(separator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hans() -> Locale {
        Locale::parse("zh-Hans").unwrap()
    }

    #[test]
    fn the_summary_claims_conformance_only_when_told() {
        let yes = SummaryFacts {
            conforms: true,
            has_images: true,
            page_list: true,
        };
        let no = SummaryFacts {
            conforms: false,
            has_images: true,
            page_list: false,
        };
        assert!(hans().accessibility_summary(yes).contains("WCAG 2.1 AA"));
        assert!(hans().accessibility_summary(yes).contains("PDF"));
        assert!(!hans().accessibility_summary(no).contains("WCAG"));
        assert!(!hans().accessibility_summary(no).contains("PDF"));
        assert!(hans().accessibility_summary(no).contains("缺少替代文字"));
    }

    #[test]
    fn jump_lines_name_the_page_in_the_local_way() {
        assert_eq!(hans().continued_on(3), "下转第3版");
        assert_eq!(hans().continued_from(1), "上接第1版");
        let ko = Locale::parse("ko").unwrap();
        assert_eq!(ko.continued_on(3), "3면에 계속");
        assert_eq!(Locale::parse("zh-TW").unwrap().continued_on(2), "下轉第2版");
    }

    #[test]
    fn a_missing_picture_is_named_in_the_editions_language() {
        assert_eq!(hans().picture_missing(), "图片未提供");
        assert_eq!(
            Locale::parse("zh-TW").unwrap().picture_missing(),
            "圖片未提供"
        );
        assert_eq!(
            Locale::parse("en").unwrap().picture_missing(),
            "Picture not supplied"
        );
    }
}
