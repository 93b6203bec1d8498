"""Language switching through Qt Linguist: English source strings, ``*_zh_CN.qm`` files for 中文.

The shell and each feature (ui/checkin, ui/payment, …) keep their own ``<name>_zh_CN.ts``, built to
``.qm`` by ``make setup``; all of them are installed together.

Installing or removing the translator makes Qt send ``LanguageChange`` to every widget; each screen
answers by calling its own ``retranslate()``.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ui.theme import ASSETS

TRANSLATIONS = ASSETS / "translations"
DEFAULT_LANGUAGE = "zh_CN"


class TranslationsMissing(RuntimeError):
    """A .qm file was not built (``make setup`` builds them)."""


class LanguageSwitcher:
    def __init__(self, app: QCoreApplication):
        self._app = app
        self._translators: list[QTranslator] = []
        for ts in sorted(TRANSLATIONS.glob("*_zh_CN.ts")):
            translator = QTranslator()
            qm = ts.with_suffix(".qm")
            if not translator.load(str(qm)):
                raise TranslationsMissing(f"{qm} is missing or out of date; run 'make setup' to build the translations")
            self._translators.append(translator)
        self.language = "en"

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        for translator in self._translators:
            if language == "zh_CN":
                self._app.installTranslator(translator)
            else:
                self._app.removeTranslator(translator)
        self.language = language
        QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == "zh_CN" else QLocale.Language.English))

    def translate(self, language: str, context: str, source: str) -> str:
        """``source`` (marked with ``QT_TRANSLATE_NOOP(context, …)``) in ``language``, whichever language is
        installed: for a screen that shows both languages at once."""
        if language == "zh_CN":
            for translator in self._translators:
                text = translator.translate(context, source)
                if text:
                    return text
        return source

    def other_language(self) -> str:
        return "en" if self.language == "zh_CN" else "zh_CN"

    def uninstall(self) -> None:
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self.language = "en"
