//! Chapter 8: what to take away, and your own formula.

use super::super::prose::{Prose, Reaction, Text};
use super::super::{Chapter, When};

/// The chapter.
pub const CHAPTER: Chapter = Chapter {
    prose: Prose {
        title: Text {
            en: "What to take away",
            ja: "まとめ",
        },
        body: Text {
            en: "A small gradient says the ground is flat, not that training is done. Flat can be the minimum, a local minimum, a saddle, or a singular region where the output ignores a direction.\n\nNetworks are full of such regions: a unit with output weight 0, a saturated unit, two units that are copies. A kick frees a run from a saddle point; on wide regions, methods that change the step do better. To try your own surface, press {edit_key} and type a formula in x and y.",
            ja: "勾配が小さいのは地面が平らだからで、学習が終わったからとは限りません。平らな場所は最小値のことも、局所最適解や鞍点、出力がある方向を無視する特異領域のこともあります。\n\nネットワークには、出力の重みが 0 のユニット、飽和したユニット、同じになった 2 つのユニットなど、こうした領域が多くあります。鞍点は揺さぶりで抜けられますが、広い領域では歩幅の決め方を変える手法が効きます。{edit_key} を押すと、x と y の式で自分の地形を試せます。",
        },
        look: Text {
            en: "(x*y - 1)^2, for example, is a chain of two weights fitting the target 1: a saddle at (0, 0), and a whole curve of minima where x·y = 1.",
            ja: "たとえば (x*y - 1)^2 は、2 つの重みを直列につないで目標 1 に合わせる問題です。(0, 0) に鞍点があり、x·y = 1 の曲線全体が最小値になります。",
        },
        keys: Text {
            en: "{edit_key} edits the formula ({apply_key} applies it), click to choose a start, {run_key} runs, {race_key} races, {pick_key} picks a built-in landscape",
            ja: "{edit_key} で式を編集（{apply_key} で適用）、クリックで出発点を選択、{run_key} で実行、{race_key} で競走、{pick_key} で組み込みの地形を選択",
        },
        reactions: &[
            Reaction {
                when: When::FormulaSet,
                text: Text {
                    en: "Your formula is now the landscape, and every racer restarted from its start. Click the map to start somewhere else.",
                    ja: "入力した式が新しい地形になり、全員がその出発点からやり直しました。マップをクリックすると、別の点から始められます。",
                },
            },
            Reaction {
                when: When::FormulaError,
                text: Text {
                    en: "The formula was not accepted; the editor marks the spot. Products need *, as in 2*x, not 2x, and powers use ^.",
                    ja: "式を受け付けられませんでした。問題の位置はエディタに示されています。掛け算には * が必要で（2x ではなく 2*x）、累乗は ^ で書きます。",
                },
            },
            Reaction {
                when: When::AtSaddle,
                text: Text {
                    en: "A saddle on your surface: press {kick_key} and see whether a kick frees the run.",
                    ja: "自分の地形の鞍点で止まっています。{kick_key} を押して、揺さぶりで抜け出せるか試してください。",
                },
            },
        ],
    },
    stage: None,
};
