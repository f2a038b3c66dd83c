#!/usr/bin/env python3
"""Generates a synthetic hromada site of N instructions for benchmarks.

Usage: scripts/gen_site.py N DIR [--venues V --events E]

With --venues/--events, data/venues.yaml and data/events/YYYY-MM.yaml hold V generated venues
and E generated events (2026–2027; one in seven repeats weekly, some online); without them the
example site's own venues and events are used.

The text is realistic Ukrainian (sentences drawn from the example site's own phrasing),
with headings, lists, tables, internal links between instructions, images with alt text and
footnotes. The theme and services are copied from this repository. The output is the same
for the same N (fixed seed).
"""
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

WORDS = (
    "застосунок Дія смартфон підпис заява послуга громада бібліотека консультант документ "
    "паспорт картка банк пароль код перевірка обличчя інтернет безпека шахраї повідомлення "
    "браузер портал кабінет статус довідка виплата реєстрація навчання курс сертифікат тест "
    "цифровий онлайн безкоштовно телефон допомога кроки налаштування месенджер відео дзвінок"
).split()
SENTENCES = [
    "Відкрийте застосунок і перейдіть у меню.",
    "Натисніть кнопку «Далі» внизу екрана.",
    "Перевірте, чи правильно вказано ваші дані.",
    "Якщо щось не виходить, зателефонуйте на гарячу лінію громади.",
    "Консультанти в бібліотеці допоможуть пройти ці кроки особисто.",
    "Ніколи не повідомляйте нікому коди з SMS і пароль від Дії.",
    "Дочекайтеся повідомлення про успішне завершення.",
    "Збережіть результат у своєму кабінеті або завантажте його.",
]
AUDIENCES = ["seniors", "adults", "youth", "parents", "teachers", "idp", "veterans"]
COMPETENCES = ["information", "communication", "content", "safety", "problem-solving"]
LEVELS = ["basic", "intermediate", "advanced"]
SERVICES = ["diia", "diia-pidpys", "diia-portal", "diia-osvita"]


def paragraph(rng, n=4):
    return " ".join(rng.choice(SENTENCES) for _ in range(n))


def title(rng, i):
    words = rng.sample(WORDS, 4)
    return f"Як {words[0]} {words[1]}: {words[2]} і {words[3]} ({i})"


def instruction(rng, i, n):
    other = rng.randrange(n)
    aud = sorted(set(rng.sample(AUDIENCES, 2)))
    lines = [
        "---",
        f"title: \"{title(rng, i)}\"",
        f"summary: \"{rng.choice(SENTENCES)}\"",
        f"service: {rng.choice(SERVICES)}",
        f"audience: [{', '.join(aud)}]",
        f"competence: {rng.choice(COMPETENCES)}",
        f"level: {rng.choice(LEVELS)}",
        f"duration: {rng.randrange(5, 60)}",
        f"reviewed: 2026-{rng.randrange(1, 11):02d}-{rng.randrange(1, 28):02d}",
        f"weight: {i}",
        "---",
        paragraph(rng, 3),
        "",
        "![Знімок екрана з кнопкою «Далі»](ekran.svg)",
        "",
        "## Що потрібно",
        "",
    ]
    lines += [f"- {rng.choice(SENTENCES)}" for _ in range(3)]
    lines += ["", "## Кроки", ""]
    lines += [f"{k}. {paragraph(rng, 2)}" for k in range(1, rng.randrange(4, 9))]
    lines += [
        "",
        "## Що може піти не так",
        "",
        f"- **{rng.choice(WORDS).capitalize()} не працює.** {paragraph(rng, 2)}",
        f"- Див. також [іншу інструкцію](i{other:05d}.md#kroky).[^1]",
        "",
        "| Що | Де |",
        "|---|---|",
        "| Консультація | Бібліотека |",
        "| Довідка | ЦНАП |",
        "",
        paragraph(rng, 5),
        "",
        "[^1]: Інструкцію перевірено в реальному сервісі.",
        "",
    ]
    return "\n".join(lines)


VENUE_KINDS = ["library", "smart-library", "access-centre", "cnap", "cnap-self-service",
               "diia-hub", "digital-club", "code-club", "school-lab", "youth-centre"]
EVENT_KINDS = ["training", "course", "webinar", "forum", "consultation", "test", "lecture", "club"]
VENUE_SERVICES = ["wifi", "computers", "consultations", "courses", "e-signature", "printing"]
ACCESS = ["step-free", "accessible-toilet", "hearing-loop", "large-screen"]
HOURS = ["Mo-Fr 09:00-18:00", "Mo-Fr 09:00-18:00; Sa 10:00-15:00; PH off",
         "Tu,Th 10:00-16:00", "Mo-Sa 10:00-20:00", "We 16:00-17:30"]


def venues(rng, count):
    out = []
    for i in range(count):
        out.append("\n".join([
            f"- id: v{i:05d}",
            f"  name: \"Бібліотека-філія № {i}\"",
            f"  kind: {rng.choice(VENUE_KINDS)}",
            f"  address: \"вул. {rng.choice(WORDS).capitalize()}, {rng.randrange(1, 200)}\"",
            f"  settlement: \"Село {i % 60}\"",
            f"  location: [{32.1 + rng.random() * 0.3:.5f}, {48.45 + rng.random() * 0.12:.5f}]",
            f"  hours: \"{rng.choice(HOURS)}\"",
            f"  phone: \"+380 52 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}\"",
            f"  services: [{', '.join(sorted(rng.sample(VENUE_SERVICES, 3)))}]",
            f"  accessibility: [{', '.join(sorted(rng.sample(ACCESS, rng.randrange(0, 3))))}]",
            f"  helps_with: [{', '.join(sorted(rng.sample(SERVICES, 2)))}]",
        ]))
    return "\n".join(out) + "\n"


def events(rng, count, venue_count):
    by_month = {}
    for i in range(count):
        month = rng.randrange(1, 25)
        year, m = 2026 + (month - 1) // 12, (month - 1) % 12 + 1
        day = rng.randrange(1, 29)
        hour = rng.randrange(9, 19)
        lines = [
            f"- id: e{i:05d}",
            f"  title: \"{title(rng, i)}\"",
            f"  kind: {rng.choice(EVENT_KINDS)}",
            f"  start: \"{year}-{m:02d}-{day:02d} {hour:02d}:00\"",
            f"  end: \"{hour + 1:02d}:30\"",
        ]
        if i % 7 == 0:
            weeks = rng.randrange(4, 13)
            uy, um, ud = year, m, day + 7 * weeks
            while ud > 28:
                ud -= 28
                um += 1
                if um > 12:
                    um, uy = 1, uy + 1
            lines += ["  repeat:", f"    until: {uy}-{um:02d}-{ud:02d}"]
        where = rng.random()
        if where < 0.9:
            lines.append(f"  venue: v{rng.randrange(venue_count):05d}")
        if where >= 0.7:
            lines.append(f"  online: https://meet.example.ua/e{i}")
        lines += [
            f"  audience: [{', '.join(sorted(rng.sample(AUDIENCES, 2)))}]",
            f"  topics: [{rng.choice(SERVICES)}, {rng.choice(COMPETENCES)}]",
            "  free: true",
        ]
        if i % 3 == 0:
            lines += ["  registration:", f"    phone: \"+380 52 000 {i % 100:02d} {i % 97:02d}\""]
        by_month.setdefault(f"{year}-{m:02d}", []).append("\n".join(lines))
    return {k: "\n".join(v) + "\n" for k, v in by_month.items()}


def main():
    args = sys.argv[1:]
    opts = {}
    for flag in ("--venues", "--events"):
        if flag in args:
            k = args.index(flag)
            opts[flag] = int(args[k + 1])
            del args[k:k + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    n = int(args[0])
    out = args[1]
    rng = random.Random(55)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "content", "instruktsii"))
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(out, "themes"))
    shutil.copytree(os.path.join(REPO, "data"), os.path.join(out, "data"))
    # The example's settings, but lists at the default page size (the example shows off
    # pagination with a small one; a synthetic site measures the default).
    with open(os.path.join(REPO, "site.toml")) as f:
        settings = [l for l in f if not l.startswith("per_page")]
    with open(os.path.join(out, "site.toml"), "w") as f:
        f.writelines(settings)
    shutil.copy(
        os.path.join(REPO, "content", "instruktsii", "dii-vkhid.svg"),
        os.path.join(out, "content", "instruktsii", "ekran.svg"),
    )
    with open(os.path.join(out, "content", "_index.md"), "w") as f:
        f.write("---\ntitle: Синтетична громада\n---\n" + paragraph(rng) + "\n")
    with open(os.path.join(out, "content", "instruktsii", "_index.md"), "w") as f:
        f.write("---\ntitle: Інструкції\n---\n")
    for i in range(n):
        path = os.path.join(out, "content", "instruktsii", f"i{i:05d}.md")
        with open(path, "w") as f:
            f.write(instruction(rng, i, n))
    if opts:
        v = max(opts.get("--venues", 1), 1)
        with open(os.path.join(out, "data", "venues.yaml"), "w") as f:
            f.write(venues(rng, v))
        os.remove(os.path.join(out, "data", "events.yaml"))
        os.makedirs(os.path.join(out, "data", "events"))
        for month, text in sorted(events(rng, opts.get("--events", 0), v).items()):
            with open(os.path.join(out, "data", "events", f"{month}.yaml"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
