package io.tandem.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page; Spring Security checks the form it posts ({@code POST /login}) and signs out at
 * {@code POST /logout}.
 */
@Controller
public class LoginController {

    @GetMapping("/login")
    public String login(@RequestParam(name = "error", required = false) String error,
                        @RequestParam(name = "logout", required = false) String logout, Model model) {
        if (error != null) {
            model.addAttribute("problem", "Wrong name or password.");
        } else if (logout != null) {
            model.addAttribute("notice", "You are signed out.");
        }
        return "console/login";
    }
}
