"""Authored Markdown (content repositories) is read as it renders: quiet on clean posts, still
catching scraper leftovers pasted into them."""

from __future__ import annotations

import pytest

import newslint
from newslint.readers import ReadOptions
from readerutil import only_document


def findings(text: str, select: tuple[str, ...] = ()) -> list[tuple[str, int, str]]:
    """(rule, line, match) of every warning or error for a Markdown post."""
    return [
        (f.rule, f.line, f.match)
        for f in newslint.lint_text(text, "post.md", select=select)
        if f.severity >= newslint.Severity.WARNING
    ]


POST = "---\ntitle: Notes from the field\n---\n\n"


def test_a_wrapped_continuation_line_is_not_judged_alone() -> None:
    text = POST + (
        "Our work with the Technology\nTransformation Service. Much as the Public Buildings\n"
        "Service has done, we will keep going until we are done and then read\nmore.\n"
    )
    assert findings(text) == []


@pytest.mark.parametrize(
    "tag",
    [
        '{{< img src="team.jpg" alt="A large group of people, “all smiling at once”" >}}',
        '{% image "a.jpg" "A large group “of people all smiling at once”" %}',
        '{{% note title="“Read the whole thing before you start”" %}}',
        "{# “an unattributed quote in a comment that nobody will see” #}",
    ],
)
def test_template_tags_are_not_prose(tag: str) -> None:
    text = POST + f"The team met in March.\n\n{tag}\n\nThe team met again in May.\n"
    assert findings(text) == []


def test_two_image_shortcodes_are_not_near_duplicate_paragraphs() -> None:
    text = POST + (
        'The launch went well.\n\n{{< img src="launch-day-one.jpg" alt="The launch team in the main hall on day one" >}}\n\n'
        'We learnt a lot.\n\n{{< img src="launch-day-two.jpg" alt="The launch team in the main hall on day two" >}}\n'
    )
    assert findings(text) == []


def test_masking_keeps_every_position() -> None:
    from newslint.readers.templates import MASK, mask, resolve

    source = 'Hi {{ site.baseurl }}/x and {% link a.md %}.\n{{< img src="a" >}}\n'
    masked = mask(source, resolve("auto"))
    assert len(masked) == len(source) and masked.count("\n") == source.count("\n")
    assert masked.startswith("Hi " + MASK * 18 + "/x and " + MASK * 15 + ".\n")


def test_text_after_a_tag_keeps_its_file_position() -> None:
    doc = only_document(POST + '{{< img src="a.jpg" >}} Skip to content\n', "post.md")
    (block,) = [b for b in doc.blocks if "Skip" in b.text]
    assert block.text == "Skip to content"
    assert doc.position(None, block.source_start(0)) == (5, 25)


def test_a_raw_block_shows_its_body_as_written() -> None:
    doc = only_document(POST + "Write {% raw %}{{ name }}{% endraw %} in the template.\n", "post.md")
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["Write {{ name }} in the template."]


def test_template_syntax_none_reads_tags_as_text() -> None:
    from newslint.readers.templates import resolve

    options = ReadOptions(template_syntax=resolve("none"))
    doc = only_document(POST + "Go to {{ site.baseurl }} now.\n", "post.md", options)
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["Go to {{ site.baseurl }} now."]


def test_mdx_components_imports_and_expressions_are_masked() -> None:
    source = "import Chart from './chart'\n\n# Title\n\nThe total was {props.total} in <Chart data={x} /> March.\n"
    doc = only_document(source, "post.mdx")
    assert [b.text for b in doc.blocks] == ["Title", "The total was  in  March."]


def test_unknown_template_syntax_is_a_config_error(tmp_path) -> None:
    from newslint.config import ConfigError, load_config

    (tmp_path / ".newslint.yaml").write_text("template-syntax: [liquid, erb]\n")
    with pytest.raises(ConfigError, match="template-syntax.*'erb'"):
        load_config(str(tmp_path / ".newslint.yaml"))


def test_inline_and_block_html_in_markdown_is_markup() -> None:
    text = (
        POST
        + 'See <a href="/about">our page</a> for more.<br>\n\n<div class="note">\nA note.\n</div>\n\n<img src="a.png" alt="x">\n'
    )
    assert findings(text) == []


@pytest.mark.parametrize(
    "heading",
    ["## Search", "## Contact us", "## Background", "## In conclusion", "### Impact", "## See also", "**Background**"],
)
def test_an_authors_heading_is_structure_not_chrome(heading: str) -> None:
    assert findings(POST + f"The team met in March.\n\n{heading}\n\nThe team met again in May.\n") == []


def test_a_chrome_only_phrase_is_flagged_even_as_a_heading() -> None:
    assert [r for r, _, _ in findings(POST + "## Skip to content\n\nThe team met in March.\n")] == ["scraping.nav-line"]


def test_the_same_list_item_in_two_lists_is_not_a_duplicated_paragraph() -> None:
    items = "- Bump golang to v1.16.8 to address CVE-2021-39293\n- Add node 14.18.1, remove node 14.18.0\n"
    assert findings(POST + f"## Router\n\n{items}\n## Cell\n\n{items}") == []


def test_table_cells_are_their_own_blocks() -> None:
    doc = only_document(
        POST + "| Goal | Means |\n|---|---|\n| Individual enrichment | Community building |\n", "post.md"
    )
    assert {b.kind for b in doc.blocks if b.kind != "headline"} == {"cell"}


def test_leftovers_pasted_into_a_post_are_still_caught() -> None:
    body = (
        "Skip to content\n\nThe council voted on Tuesday to close the bridge for repairs.\n\n"
        "Engineers found cracks in two of its piers in March.\n\n"
        "The council voted on Tuesday to close the bridge for repairs.\n\nShare on Facebook\n"
    )
    rules = {rule for rule, _, _ in findings(POST + body)}
    assert {"scraping.nav-line", "scraping.widget-line", "repetition.duplicate-paragraph"} <= rules


def test_a_front_matter_title_is_read_as_rendered_inline_markup() -> None:
    doc = only_document("---\ntitle: 'What We&#8217;ve <em>Learned</em> so far'\n---\n\nBody text here.\n", "post.md")
    headline = doc.blocks[0]
    assert headline.text == "What We’ve Learned so far"
    assert doc.position(None, headline.source_start(headline.text.index("’"))) == (2, 16)
    assert findings("---\ntitle: 'NASA&#8217;s Journey With the Standards'\n---\n\nThe team met in March.\n") == []


def test_sic_in_a_quotation_is_editing_not_a_wikipedia_leftover() -> None:
    assert findings(POST + "He wrote that “the goverment [sic] must act” on the plan, the minutes show.\n") == []


def test_a_table_of_contents_is_the_authors() -> None:
    text = (
        POST
        + "Table of contents:\n\n- [Intro](#intro)\n- [Why](#why)\n\n## Intro\n\nText here.\n\n## Why\n\nMore text.\n"
    )
    assert findings(text) == []


def test_kramdown_headings_without_a_space_are_headings() -> None:
    doc = only_document(POST + "##Background\n\nText here #tag.\n\n#2016 Election: Jason\n", "post.md")
    assert [(b.kind, b.text) for b in doc.blocks[1:]] == [
        ("heading", "Background"),
        ("paragraph", "Text here #tag."),
        ("heading", "2016 Election: Jason"),
    ]
    assert doc.position(None, doc.blocks[1].source_start(0)) == (5, 3)


def test_inline_code_is_not_prose() -> None:
    text = (
        POST
        + 'Paste the JSON-LD `<script>` block, then run `git commit -m "Fix the broken links in the footer"` and push.\n'
    )
    assert findings(text) == []


def test_a_heading_that_repeats_the_front_matter_title_is_the_authors() -> None:
    assert (
        findings(
            "---\ntitle: Deprecation of the old stack\n---\n\n# Deprecation of the old stack\n\nThe old stack goes in May.\n"
        )
        == []
    )


def test_versions_and_dates_in_a_table_or_list_are_content() -> None:
    table = "| Component | Version |\n|---|---|\n| Groovy | 2.5.23 |\n| Launch | June 5, 2023 |\n\n- Updated Aide to 0.17.3\n"
    assert findings(POST + "The release brings these updates.\n\n" + table) == []


def test_an_authors_follow_links_are_content_but_a_share_bar_is_not() -> None:
    assert (
        findings(
            POST
            + "Find us here:\n\n- [Follow us on Twitter](https://twitter.com/x)\n- [Join us on Facebook](https://facebook.com/x)\n"
        )
        == []
    )
    assert [r for r, _, _ in findings(POST + "The team met in March.\n\n- Share on Facebook\n- Tweet this\n")] == [
        "scraping.widget-line"
    ] * 2


def test_a_quoted_fragment_ending_in_an_ellipsis_is_not_a_truncated_quote() -> None:
    assert (
        findings(POST + "Visions are aspirational: they ask us to “imagine a future where…” and then to build it.\n")
        == []
    )


def test_a_front_matter_only_post_is_not_a_warning() -> None:
    assert findings("---\nredirect: /new-place\n---\n") == []


def test_html_blocks_are_read_as_their_visible_text_code_left_out() -> None:
    source = (
        POST
        + '<p><b>This post first appeared on the <a href="x">project blog</a>.</b></p>\n\nSome text.\n\n<pre>\n&lt;span&gt; Skip to content\n</pre>\n\n<table><tr><td>Greg Wilson and Piotr Smith</td></tr></table>\n'
    )
    doc = only_document(source, "post.md")
    assert [(b.kind, b.text) for b in doc.blocks[1:]] == [
        ("paragraph", "This post first appeared on the project blog."),
        ("paragraph", "Some text."),
        ("cell", "Greg Wilson and Piotr Smith"),
    ]
    assert doc.position(None, doc.blocks[1].source_start(0)) == (5, 7)
    assert findings(source) == []


def test_authored_severity_applies_to_markdown_only() -> None:
    text = "Talk\n\nThe talk on routing is on this date, as planned since the spring.\n\nMarch 17, 2021\n\nBring questions about routes and domains."
    (plain,) = [f for f in newslint.lint_text(text, "a.txt") if f.rule == "scraping.timestamp-line"]
    (authored,) = [f for f in newslint.lint_text(POST + text, "post.md") if f.rule == "scraping.timestamp-line"]
    assert plain.severity == newslint.Severity.WARNING and authored.severity == newslint.Severity.INFO


def test_a_bad_authored_severity_is_a_rule_error() -> None:
    from newslint.rule import RuleError, build_rule

    with pytest.raises(RuleError, match="authored-severity"):
        build_rule(
            "a.b",
            {"kind": "pattern", "message": "m", "summary": "s", "patterns": ["x"], "authored-severity": "loud"},
            "<t>",
        )


def test_html_footnote_references_with_an_html_list_of_notes_are_not_lone_markers() -> None:
    text = POST + (
        'Studies<sup><a href="#fn1" id="ref1">[1]</a></sup> agree on this point, and many more will follow soon.\n\n'
        '<ol class="footnotes"><li id="fn1">A study of many people, published in 2019.</li></ol>\n'
    )
    assert findings(text) == []


def test_an_authors_contact_line_is_not_a_wire_credit() -> None:
    assert (
        findings(
            POST
            + "If you have questions, email us at [support@example.gov](mailto:support@example.gov) and we will help.\n"
        )
        == []
    )


def test_quoted_feedback_in_a_list_and_scare_quotes_need_no_speaker() -> None:
    text = POST + (
        "What attendees told us after the workshop:\n\n"
        '- "Git session: very useful and I learnt a lot about branches today."\n'
        '- "Good foundation of what it is and how it works in the library."\n\n'
        'The so-called "quick wins" were not quick, and the "Data Carpentry Handbook" helped.\n'
    )
    assert [r for r, _, _ in findings(text) if r.startswith("attribution")] == []
    all_rules = {f.rule for f in newslint.lint_text(text, "post.md")}
    assert "attribution.unattributed-quote" not in all_rules


def test_a_speaker_on_the_line_after_the_quote_attributes_it() -> None:
    text = POST + "“We will keep the library open for as long as the town needs it to be.”\n\n— Ann Lee, mayor\n"
    assert "attribution.unattributed-quote" not in {f.rule for f in newslint.lint_text(text, "post.md")}


def test_a_heading_that_repeats_its_table_of_contents_link_is_not_a_duplicate() -> None:
    text = (
        POST
        + "- [Why we changed the build system](#why)\n- [What comes next](#next)\n\n## Why we changed the build system\n\nBuilds were slow.\n\n## What comes next\n\nFaster builds.\n"
    )
    assert findings(text) == []


def test_the_first_line_is_never_a_headline_in_the_middle_of_the_body() -> None:
    text = "Tensions Escalate as Mayor Calls Critics Liars\n\nThe council voted on Tuesday to close the old bridge for repairs that could take most of the year."
    assert "repetition.stray-headline" not in {f.rule for f in newslint.lint_text(text, "a.txt")}


def test_a_tag_left_open_masks_only_itself() -> None:
    text = POST + '{% comment %} never closed\n\nSkip to content\n\n{{< img src="a.jpg"\n\nThe council met.\n'
    assert [r for r, _, _ in findings(text)] == ["scraping.nav-line"]
    doc = only_document(text, "post.md")
    assert any(b.text == "The council met." for b in doc.blocks)
