"""Language switching through Qt Linguist: English source strings, ``onevisit_zh_CN.qm`` for 中文.

Installing or removing the translator makes Qt send ``LanguageChange`` to every widget; each screen
answers by calling its own ``retranslate()``.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ui.theme import ASSETS

TRANSLATIONS = ASSETS / "translations"
DEFAULT_LANGUAGE = "zh_CN"


class TranslationsMissing(RuntimeError):
    pass


class LanguageSwitcher:
    def __init__(self, app: QCoreApplication):
        self._app = app
        self._translator = QTranslator()
        qm = TRANSLATIONS / "onevisit_zh_CN.qm"
        if not self._translator.load(str(qm)):
            raise TranslationsMissing(f"{qm} is missing; run 'make setup' to build the translations")
        self.language = "en"

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        if language == "zh_CN":
            self._app.installTranslator(self._translator)
        else:
            self._app.removeTranslator(self._translator)
        self.language = language
        QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == "zh_CN" else QLocale.Language.English))

    def other_language(self) -> str:
        return "en" if self.language == "zh_CN" else "zh_CN"

    def uninstall(self) -> None:
        self._app.removeTranslator(self._translator)
        self.language = "en"
