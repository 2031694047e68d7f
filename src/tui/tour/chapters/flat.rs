//! Chapter 2: flat means slow; the gradient and the step shrink together near the minimum.

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "Flat means slow",
            ja: "平らだと遅い",
        },
        body: Text {
            en: "A gradient descent step is lr·|∇L| long: it is only as big as the slope. Near the bottom of the bowl the slope fades and the steps shrink with it, so the |∇L| chart is also a chart of the step length.\n\nThe charts are logarithmic, and a steady shrink draws a straight line: |∇L| falls by 1 − 2·lr per step, the loss by its square, twice as steeply.\n\nHere slow is harmless: the bowl's only flat point is the answer.",
            ja: "勾配降下法の 1 歩の長さは lr·|∇L| で、坂の傾きの分しか進みません。お椀の底に近づくと傾きが消えていき、歩幅も一緒に縮みます。|∇L| のグラフは、そのまま歩幅のグラフでもあります。\n\nグラフの縦軸は対数なので、一定の割合で縮むと直線になります。|∇L| は 1 歩ごとに 1 − 2·lr 倍、損失はその 2 乗倍で、2 倍の傾きで下がります。\n\nここでは遅くても困りません。お椀で平らな点は、答えの 1 点だけです。",
        },
        look: Text {
            en: "Watch the two charts: the |∇L| line and the loss line fall straight, the loss line twice as steep. With {step_key}, each press moves the marker less.",
            ja: "2 つのグラフを見てください。|∇L| と損失の線がまっすぐ下がり、損失の線は 2 倍の傾きです。{step_key} で進めると、押すたびにマーカーの動きが小さくなります。",
        },
        keys: Text {
            en: "{run_key} runs, {slower_key} slows down, {step_key} steps once, {lr_down_key} halves lr (flatter lines, later arrival), {reset_key} restarts",
            ja: "{run_key} で実行、{slower_key} で遅く、{step_key} で 1 歩、{lr_down_key} で学習率を半分に（線が緩やかになり、着くのが遅れます）、{reset_key} でやり直し",
        },
        reactions: &[
            Reaction {
                when: When::Converged,
                text: Text {
                    en: "Converged at step {step} with |∇L| = {grad}. On a bowl a tiny gradient means you are at the minimum. The next chapter is a surface where it does not.",
                    ja: "{step} 歩目で収束しました（|∇L| = {grad}）。お椀では、勾配が小さければ最小値にいます。次の章では、そうとは限らない地形を見ます。",
                },
            },
            Reaction {
                when: When::LrChanged,
                text: Text {
                    en: "lr is now {lr}. Press {reset_key} and run: the lines tilt differently, and a smaller lr still arrives, only later.",
                    ja: "学習率が {lr} になりました。{reset_key} で最初から実行すると、線の傾きが変わります。学習率を小さくしても、時間はかかりますが底に着きます。",
                },
            },
            super::bowl::GROWING,
            Reaction {
                when: When::Diverged,
                text: Text {
                    en: "Diverged at step {step}: at lr {lr} the steps grow instead of shrinking, and both charts climb. Press {lr_down_key}, then {reset_key}.",
                    ja: "{step} 歩目で発散しました。学習率 {lr} では歩幅が縮まずに大きくなり、2 つのグラフは上がっていきます。{lr_down_key} を押してから {reset_key} を押してください。",
                },
            },
        ],
    },
    stage: Some(super::bowl::STAGE),
};
