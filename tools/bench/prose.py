"""Hand-written material for the realistic benchmark corpus (corpus.write_realistic_corpus).

Written for the benchmark in the voice of a junior developer's learning blog; the corpus picks
and orders these pieces with a seeded random generator, so a post reads like a real one without
any two being the same. No ``$`` outside code: Foothold reads ``$...$`` as TeX.
"""

from __future__ import annotations

# topic -> (title patterns, skill ids, tags)
TOPICS = {
    "css": (["Why my {thing} layout broke on phones", "Learning CSS Grid with a {thing}",
             "Flexbox or Grid for the {thing}?", "A week of fixing {thing} styles"],
            ["css", "css-grid", "flexbox", "responsive-design"], ["css", "layout", "design"]),
    "js": (["What I got wrong about {thing} in JavaScript", "Refactoring the {thing} with small functions",
            "Debugging a {thing} that only failed on Fridays", "Notes on {thing} and the event loop"],
           ["javascript", "dom", "promises", "async-await"], ["javascript", "debugging", "async"]),
    "testing": (["My first tests for the {thing}", "Testing the {thing} without mocking everything",
                 "An end-to-end test that caught a real {thing} bug"],
                ["unit-testing", "e2e-testing", "javascript"], ["testing", "refactoring"]),
    "react": (["Where the {thing} state should live", "Splitting a React {thing} into pieces",
               "The {thing} re-rendered forty times"],
              ["react", "state-management", "typescript"], ["react", "performance"]),
    "a11y": (["Making the {thing} work with a keyboard", "What a screen reader said about my {thing}",
              "Labels, errors and the {thing} form"],
             ["accessibility", "semantic-html", "forms"], ["accessibility", "html", "forms"]),
    "tooling": (["Setting up {thing} with Vite", "Git habits I picked up while building the {thing}",
                 "Shrinking the {thing} bundle by half"],
                ["git", "npm", "vite", "web-performance"], ["tooling", "git", "npm", "performance"]),
    "career": (["What the {thing} interview taught me", "Three months in: the {thing} retrospective",
                "Asking for feedback on the {thing}"],
               ["javascript"], ["career", "interviews", "learning", "habits"]),
}

THINGS = ["dashboard", "recipe box", "trail finder", "budget tracker", "photo gallery", "sign-up form",
          "weather widget", "kanban board", "markdown editor", "habit tracker", "price table",
          "search box", "settings page", "image carousel", "reading list", "timer"]

OPENINGS = [
    "I started this week thinking the {thing} was nearly done. It was not. What follows is the path "
    "from a page that looked fine on my laptop to one that I would be happy to show in an interview, "
    "with the detours left in, because the detours are where I learned the most.",
    "This is a short one. I hit a problem with the {thing}, found an answer that surprised me, and "
    "want to write it down before I forget why it worked.",
    "A reviewer left one comment on my {thing} pull request: \"what happens when this is empty?\" "
    "I had not thought about it at all, and answering that question took the rest of the week.",
    "Last month I promised myself I would write about the parts of the {thing} that I found hard, "
    "not only the parts that went well. This post is about one of the hard parts.",
    "My mentor suggested I rebuild the {thing} from scratch without looking at the old code. It felt "
    "like a waste of time at first, but the second version is half the size and I understand all of it.",
]

PARAGRAPHS = [
    "The first thing I did was reproduce the problem on purpose. I opened the page in a narrow window, "
    "turned on the device toolbar and clicked through every state until the bug showed up. Writing "
    "the steps down as a numbered list made it obvious that it only happened after a second click, "
    "which ruled out half of my theories straight away.",
    "It turned out the browser was doing exactly what I asked, just not what I meant. The container had "
    "a fixed height from an earlier experiment, and everything inside it overflowed as soon as the text "
    "wrapped onto a second line. Removing one declaration fixed it, and I spent the next hour making "
    "sure I understood why.",
    "I keep a small text file of things I want to look up later. This week it grew by a dozen lines: "
    "what stacking contexts are, why `gap` works in flex containers now, how `min-width: 0` interacts "
    "with grid tracks, and whether I should be using logical properties everywhere.",
    "Reading the specification directly was less scary than I expected. The examples are short, and the "
    "notes explain the reasoning behind the rules. I still went back to MDN for the browser support "
    "tables, but the spec is where the behaviour finally made sense to me.",
    "There is a pattern I keep falling into: I write the code that handles the happy path, it works, "
    "and I move on. Then a week later something empty, slow or broken arrives and the whole page falls "
    "over. Writing the error state first, before the success state, has helped more than any library.",
    "The network tab told the real story. The request was fine; it was the second request, fired by a "
    "re-render I did not know about, that came back first and overwrote the newer data with older data. "
    "Classic race condition, and a classic reason to cancel the stale request.",
    "I paired with a friend from the bootcamp for an hour on Saturday. She asked me to explain the code "
    "out loud, line by line, and I found the bug myself halfway through the second function. Rubber "
    "duck debugging works better when the duck asks questions.",
    "Performance was not the goal, but I measured it anyway. The page went from about 180 kB of "
    "JavaScript to under 90 kB, mostly by removing a date library I used for exactly one function. "
    "The built-in `Intl.DateTimeFormat` does everything I needed.",
    "Tests changed how I write functions. When a function is hard to test, it is usually doing two "
    "things at once: fetching and formatting, or deciding and rendering. Splitting those apart made the "
    "tests shorter and, honestly, made the code nicer to read too.",
    "I tried the keyboard first: Tab, Shift+Tab, Enter, Space, Escape. The menu opened but focus stayed "
    "behind it, so a keyboard user would have been typing into a field they could not see. Moving "
    "focus into the menu on open, and back to the button on close, took ten lines.",
    "The screen reader read the icon button as \"button\" and nothing else. An accessible name is not "
    "optional. I added visually hidden text rather than an `aria-label`, because the text also shows up "
    "if the icon font fails to load.",
    "Git saved me twice this week. Once when I deleted a folder I needed (restored from the last commit), "
    "and once when an experiment went nowhere and I could simply switch back to the main branch. Small "
    "commits with honest messages make both of those painless.",
    "I am trying to get better at reading other people's code. This week I read the source of a small "
    "open-source date picker. I did not understand all of it, but I picked up two tricks: returning "
    "early from event handlers, and keeping the DOM queries in one place at the top of the module.",
    "Not everything went well. I spent most of Wednesday on a build error that turned out to be a typo "
    "in an import path, on a case-insensitive file system that hid it until the CI server, which is not "
    "case-insensitive, refused to build. Lesson learned: match the file name exactly.",
    "The interviewer asked me to explain the difference between `let`, `const` and `var`. I knew the "
    "answer, but I rushed it. Next time I want to slow down, give one example for each, and say why I "
    "reach for `const` by default.",
    "I wrote a checklist for finishing a feature: it works with the keyboard, it has an empty state and "
    "an error state, it has at least one test, it works at 320 pixels wide, and the commit message says "
    "why, not only what. It is short on purpose so that I actually use it.",
    "Looking back, the hardest part was not the code but deciding what the component should not do. "
    "Every option I added made the props harder to explain, so I removed three of them and the tests "
    "for the remaining ones got simpler.",
    "The feedback I got was kind but direct: the design looked good, but nobody could tell what the page "
    "was for within the first few seconds. I rewrote the heading and the first paragraph, and moved the "
    "call to action above the fold on phones.",
    "Caching made the second load fast, then made the third load wrong. I had cached the response "
    "without thinking about when it should expire. A simple time stamp next to the cached value and a "
    "five-minute limit were enough for this project.",
    "I compared my first version with the rewrite side by side. The first one had six levels of nested "
    "callbacks; the second uses `async` functions and reads top to bottom. Same behaviour, but I can "
    "now explain it to someone else without drawing a diagram.",
]

QUOTES = [
    "Make it work, make it right, make it fast, in that order.",
    "If you cannot explain it simply, you do not understand it well enough yet.",
    "The best error message is the one that tells you what to do next.",
    "Delete the code you do not need before you optimise the code you do.",
]

LISTS = [
    ["Reproduce the bug with the smallest page possible", "Write down what I expected and what happened",
     "Change one thing at a time", "Keep the fix, delete the experiments"],
    ["Check the network tab before blaming the framework", "Read the whole error message, twice",
     "Search the issue tracker with the exact message", "Ask for help after an hour, not after a day"],
    ["Empty state", "Loading state", "Error state", "Too much data", "Very long words"],
]

FOOTNOTES = [
    "I later found out this is called the \"stale closure\" problem, and it has a whole literature.",
    "To be fair, the old version did work. It was just impossible to change.",
    "Measured with the throttled \"Fast 3G\" profile in the browser's developer tools, five runs each.",
    "My mentor's rule: if you need a comment to explain a name, pick a better name.",
    "The spec calls this the \"automatic minimum size\" of grid items, which explains a lot.",
    "I still do not fully understand why, and I have noted it down to come back to.",
]

TABLES = [
    ["| Approach | Lines of code | Works without JS | Notes |", "|---|---:|:---:|---|",
     "| Plain CSS | 24 | yes | easiest to read |", "| Flexbox wrappers | 41 | yes | more markup |",
     "| Grid areas | 18 | yes | needs a fallback for old browsers |", "| JS layout | 96 | no | do not do this |"],
    ["| Test | Before | After |", "|---|---:|---:|", "| First load | 2.4 s | 1.1 s |",
     "| Second load | 1.8 s | 0.3 s |", "| JavaScript size | 182 kB | 87 kB |"],
    ["| Key | Action | Where focus goes |", "|---|---|---|", "| Tab | next control | the next button |",
     "| Escape | close the menu | back to the menu button |", "| Enter | choose an item | the page heading |"],
    ["| Week | Hours | Topic | Mood |", "|---:|---:|---|---|", "| 1 | 9 | HTML forms | curious |",
     "| 2 | 12 | CSS layout | frustrated |", "| 3 | 10 | JavaScript fetch | better |",
     "| 4 | 14 | Testing | proud |"],
]

CODE = {
    "python": ["import json\nfrom pathlib import Path\n\n\ndef load_items(path: Path) -> list[dict]:\n"
               "    \"\"\"Read the exported items, skipping the ones without a title.\"\"\"\n"
               "    items = json.loads(path.read_text(encoding=\"utf-8\"))\n"
               "    return [item for item in items if item.get(\"title\")]\n\n\n"
               "for item in load_items(Path(\"export.json\")):\n    print(f\"{item['title']:<40} {item['id']:>6}\")"],
    "javascript": ["export async function loadRecipes(signal) {\n  const response = await fetch('/api/recipes', { signal });\n"
                   "  if (!response.ok) {\n    throw new Error(`Could not load recipes (${response.status})`);\n  }\n"
                   "  const recipes = await response.json();\n  return recipes.filter((r) => r.published);\n}\n\n"
                   "const controller = new AbortController();\nloadRecipes(controller.signal).catch(showError);",
                   "function debounce(fn, wait = 250) {\n  let timer;\n  return (...args) => {\n"
                   "    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), wait);\n  };\n}\n\n"
                   "searchBox.addEventListener('input', debounce((event) => search(event.target.value)));"],
    "typescript": ["interface Habit {\n  id: string;\n  name: string;\n  doneOn: Date[];\n}\n\n"
                   "export function streak(habit: Habit, today = new Date()): number {\n  let count = 0;\n"
                   "  const day = new Date(today);\n  while (habit.doneOn.some((d) => sameDay(d, day))) {\n"
                   "    count += 1;\n    day.setDate(day.getDate() - 1);\n  }\n  return count;\n}"],
    "css": [".gallery {\n  display: grid;\n  grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));\n"
            "  gap: 1rem;\n}\n\n.gallery img {\n  inline-size: 100%;\n  aspect-ratio: 4 / 3;\n  object-fit: cover;\n}\n\n"
            "@media (prefers-reduced-motion: no-preference) {\n  .gallery img { transition: transform 0.2s; }\n}"],
    "html": ["<form class=\"signup\" novalidate>\n  <label for=\"email\">Email address</label>\n"
             "  <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\"\n"
             "         aria-describedby=\"email-error\" required>\n"
             "  <p id=\"email-error\" class=\"error\" hidden>Enter an address like name@example.com.</p>\n"
             "  <button type=\"submit\">Sign up</button>\n</form>"],
    "bash": ["# start a branch for the fix and keep the commits small\ngit switch -c fix/empty-state\n"
             "git add -p src/components/List.jsx\ngit commit -m \"Show a message when the list is empty\"\n"
             "npm test -- --watch=false\ngit push -u origin fix/empty-state"],
    "sql": ["SELECT r.title, COUNT(i.id) AS ingredients\nFROM recipes AS r\n"
            "LEFT JOIN ingredients AS i ON i.recipe_id = r.id\nWHERE r.published = TRUE\n"
            "GROUP BY r.id\nHAVING COUNT(i.id) > 3\nORDER BY ingredients DESC\nLIMIT 10;"],
    "json": ["{\n  \"name\": \"trail-finder\",\n  \"private\": true,\n  \"scripts\": {\n    \"dev\": \"vite\",\n"
             "    \"build\": \"vite build\",\n    \"test\": \"vitest run\"\n  },\n"
             "  \"devDependencies\": {\n    \"vite\": \"^5.4.0\",\n    \"vitest\": \"^2.0.0\"\n  }\n}"],
    "yaml": ["name: test\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n"
             "          node-version: 20\n      - run: npm ci\n      - run: npm test"],
    "rust": ["fn word_count(text: &str) -> usize {\n    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()\n}\n\n"
             "fn main() {\n    let post = std::fs::read_to_string(\"post.md\").expect(\"readable post\");\n"
             "    println!(\"{} words\", word_count(&post));\n}"],
    "go": ["package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\nfunc health(w http.ResponseWriter, r *http.Request) {\n"
           "\tfmt.Fprintln(w, \"ok\")\n}\n\nfunc main() {\n\thttp.HandleFunc(\"/health\", health)\n"
           "\thttp.ListenAndServe(\":8080\", nil)\n}"],
    "diff": ["--- a/src/List.jsx\n+++ b/src/List.jsx\n@@ -4,6 +4,9 @@ export function List({ items }) {\n"
             "-  return <ul>{items.map(renderItem)}</ul>;\n+  if (items.length === 0) {\n"
             "+    return <p className=\"empty\">Nothing here yet.</p>;\n+  }\n+  return <ul>{items.map(renderItem)}</ul>;\n }"],
}

HEADINGS = ["What I was trying to do", "The problem", "What I tried first", "What actually worked",
            "Why it works", "Measuring it", "What I would do differently", "Things I still do not understand",
            "The fix", "Testing it", "A detour", "Takeaways", "Next steps"]

CLOSINGS = [
    "That is it for this week. The code is on GitHub if you want to see the whole thing, and I would "
    "love to hear how you would have solved it.",
    "Next week: the same {thing}, but with tests for the parts I was too scared to touch.",
    "If you are learning this too, my advice is to build something small and break it on purpose. "
    "You learn more from the breaking than from the building.",
    "I am going to keep this post updated as I learn more. For now, the {thing} works, and I know why.",
]

EXTERNAL = [("MDN", "https://developer.mozilla.org/en-US/docs/Web/CSS/CSS_grid_layout"),
            ("web.dev", "https://web.dev/articles/optimize-lcp"),
            ("the WAI-ARIA practices guide", "https://www.w3.org/WAI/ARIA/apg/"),
            ("the Git book", "https://git-scm.com/book/en/v2"),
            ("the Vitest docs", "https://vitest.dev/guide/")]

IMAGE_CAPTIONS = ["Screenshot of the {thing} on a phone, before the fix",
                  "The {thing} at 320 pixels wide, after the fix",
                  "Bar chart of load times before and after the change",
                  "Diagram of the components of the {thing} and the data that flows between them",
                  "The browser's accessibility tree for the {thing}"]
