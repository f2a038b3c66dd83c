#!/usr/bin/env python3
"""Generates a synthetic hromada site of N instructions for benchmarks.

Usage: scripts/gen_site.py N DIR

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


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(55)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "content", "instruktsii"))
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(out, "themes"))
    shutil.copytree(os.path.join(REPO, "data"), os.path.join(out, "data"))
    shutil.copy(os.path.join(REPO, "site.toml"), os.path.join(out, "site.toml"))
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


if __name__ == "__main__":
    main()
