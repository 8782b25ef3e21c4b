"""Take screenshots of Indsats pages with headless Chromium (Playwright).

    python bench/screenshots.py --base http://127.0.0.1:8000 --out out/screens /o/ballerup/prioritering/ ...

Logs in as the demo user first. Used to look at pages as a user would.
"""

import argparse
import pathlib

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="out/screens")
    parser.add_argument("--user", default="demo")
    parser.add_argument("--password", default="indsats-demo")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.goto(args.base + "/log-ind/")
        page.fill("#id_username", args.user)
        page.fill("#id_password", args.password)
        page.click("button[type=submit]")
        for i, path in enumerate(args.paths):
            page.goto(args.base + path)
            name = out / f"{i:02d}-{path.strip('/').replace('/', '_') or 'home'}.png"
            page.screenshot(path=str(name), full_page=True)
            print(name)
        browser.close()


if __name__ == "__main__":
    main()
