"""wide_blocks: tables in a focusable scrolling region, code blocks focusable."""

from __future__ import annotations

from wide_blocks import TABLE_REGION, scrollable_blocks


def test_tables_are_wrapped_and_code_blocks_take_focus():
    html = (
        '<div class="highlight"><pre><span></span><code>x = 1</code></pre></div>'
        "<table><tr><td>1</td></tr></table><TABLE class='t'><tr><td>2</td></tr></TABLE>"
    )
    assert scrollable_blocks(html) == (
        '<div class="highlight"><pre tabindex="0"><span></span><code>x = 1</code></pre></div>'
        f"{TABLE_REGION}<table><tr><td>1</td></tr></table></div>"
        f"{TABLE_REGION}<TABLE class='t'><tr><td>2</td></tr></TABLE></div>"
    )


def test_text_without_blocks_and_focusable_pre_are_left_alone():
    for html in ("<p>A table of <em>pre</em>-war figures</p>", '<pre tabindex="-1">x</pre>'):
        assert scrollable_blocks(html) == html


def test_unbalanced_tables_are_left_alone():
    html = "<table><tr><td>no end"
    assert scrollable_blocks(html) == html
