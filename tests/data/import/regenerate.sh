#!/bin/sh
# Rebuilds the simulated raw pages from their editions (deterministic: fixed seeds).
set -e
cd "$(dirname "$0")"
python3 simulate.py jiangcheng-2024-03-15/edition.yaml jiangcheng-2024-03-15/page.txt \
  --column 15 --column-height 26 --headline-width 12 --seed 7 \
  --slogan-after 4 --slogan "建设美丽江城 共享幸福生活"
python3 simulate.py donghai-2023-11-08/edition.yaml donghai-2023-11-08/page.txt \
  --column 19 --column-height 34 --headline-width 14 --caption-column 26 --seed 11 \
  --slogan-after 2 --slogan "安全駕駛 禮讓行人/珍惜生命 平安回家"

python3 simulate.py beifang-2025-06-02/edition.yaml beifang-2025-06-02/page.txt \
  --column 16 --column-height 30 --headline-width 13 --caption-column 22 --seed 5 \
  --headline-before
