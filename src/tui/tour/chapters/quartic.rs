//! Chapter 3: the non-convex quartic 2x⁴ − 8x³ − 26x² + x − 5 (the slice y = 0 of `quartic`).

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, Stage, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "Non-convex: stuck in the wrong valley",
            ja: "非凸：別の谷で止まる",
        },
        body: Text {
            en: "Along the middle line y = 0 this map is the curve 2x⁴ − 8x³ − 26x² + x − 5; the y² term only pulls runs onto that line. It has two valleys, and the hump between them, near x = 0.02, is marked X.\n\nFrom x = −3 gradient descent stops at x ≈ −1.4724, a local minimum with loss about −27.9. The gradient is zero there, yet the other valley, at x ≈ 4.4533, goes down to about −436.1. Flat does not mean finished.",
            ja: "中央の線 y = 0 に沿って見ると、この地形は曲線 2x⁴ − 8x³ − 26x² + x − 5 と同じです。y² の項は軌道をこの線へ引き寄せるだけです。谷が 2 つあり、その間の山（x ≈ 0.02）に X の印があります。\n\nx = −3 から始めると、勾配降下法は x ≈ −1.4724 で止まります。損失が約 −27.9 の局所最適解です。勾配は 0 ですが、もう一方の谷 x ≈ 4.4533 は約 −436.1 まで下がっています。平らでも、終わりとは限りません。",
        },
        look: Text {
            en: "Watch x in the readout and the loss chart. The chart shows the gap L − L* to the lowest minimum, so it levels off near 408: how much higher this valley is.",
            ja: "表示欄の x と損失グラフを見てください。グラフは最小値との差 L − L* を描くので、約 408 で横ばいになります。これがこの谷と深い谷の高さの差です。",
        },
        keys: Text {
            en: "{run_key} runs. Click the map near x = 2 on the line y = 0 to start there, and press {lr_down_key} if the marker bounces.",
            ja: "{run_key} で実行。y = 0 の線上で x = 2 付近をクリックすると、そこから始まります。マーカーが跳ね続けるときは {lr_down_key} を押してください。",
        },
        reactions: &[
            Reaction {
                when: When::LocalMin,
                text: Text {
                    en: "Stopped at x = {x} with loss {loss}: a local minimum. Gradient descent cannot climb the hump, so it stays here however long it runs.",
                    ja: "x = {x}、損失 {loss} で止まりました。局所最適解です。勾配降下法は山を登れないので、いくら続けてもここから動きません。",
                },
            },
            Reaction {
                when: When::GlobalMin,
                text: Text {
                    en: "x = {x}, loss {loss}: the global minimum. Only the start was different.",
                    ja: "x = {x}、損失 {loss}：大域的最小値です。変えたのは出発点だけです。",
                },
            },
            Reaction {
                when: When::Diverged,
                text: Text {
                    en: "Diverged at step {step}: with lr {lr} the first step overshoots so far that the quartic's steep walls throw the marker further out each time, until its numbers overflow. Press {lr_down_key} to halve lr, then {reset_key}.",
                    ja: "{step} 歩目で発散しました。学習率 {lr} では最初の 1 歩で大きく行き過ぎ、4 次関数の急な壁がマーカーを毎回さらに遠くへはじき、ついに数値があふれました。{lr_down_key} で学習率を半分にしてから {reset_key} を押してください。",
                },
            },
            Reaction {
                when: When::Growing,
                text: Text {
                    en: "Each step overshoots further than the last: lr {lr} is too large for the quartic's steep walls, and the marker is being thrown off the map. Press {lr_down_key} to halve lr, then {reset_key}.",
                    ja: "1 歩ごとに前よりさらに遠くへ行き過ぎています。学習率 {lr} は 4 次関数の急な壁には大きすぎ、マーカーはマップの外へはじき出されようとしています。{lr_down_key} で学習率を半分にしてから {reset_key} を押してください。",
                },
            },
            Reaction {
                when: When::Oscillating,
                text: Text {
                    en: "The marker bounces between two points on the walls of a valley: lr {lr} is too large for its curvature. The deep valley needs lr below about 0.0095, the shallow one below about 0.028. Press {lr_down_key} to halve lr.",
                    ja: "マーカーが谷の両側の 2 点の間を跳ねています。学習率 {lr} は、この谷の曲率に対して大きすぎます。深い谷では約 0.0095 未満、浅い谷では約 0.028 未満が必要です。{lr_down_key} で学習率を半分にしてください。",
                },
            },
        ],
    },
    stage: Some(Stage {
        landscape: "quartic",
        optimizers: &["sgd"],
        lr: Some(0.005),
        start: Some(&[-3.0, 0.0]),
        speed: 2,
    }),
};
